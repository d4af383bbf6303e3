"""Cases for softmax: named edge cases plus seeded random ones.

Torch cases check the gradient too: each carries a random cotangent of the
output's shape, and the grader compares <softmax(x), cotangent>'s gradient
with the reference's vector-Jacobian product.
"""

from __future__ import annotations

import numpy as np

from sftkl.graders.casekit import Arr, bf16, edge, floats, rand

CALL = "softmax"


def _grid(rng, shape, step, levels, dtype):
    """Values on a coarse grid (multiples of `step`): ties are exact and distinct values
    are at least `step` apart, so every probability is 0, 1 or 1/k with no float noise."""
    return (rng.integers(-levels, levels + 1, size=shape) * step).astype(dtype)


def _informative(x, axis):
    """At least one probability well away from 0 and 1. A draw where every slice is
    (nearly) one-hot has gradients so small that float32 rounding dominates them, and a
    slice of length 1 is trivially 1; neither says anything about the candidate."""
    x = x.astype(np.float64)
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    s = e / e.sum(axis=axis, keepdims=True)
    return float(np.max(s * (1 - s))) >= 0.05


def build_cases(track: str, rng: np.random.Generator):
    torch = track == "torch"

    def make(maker, id, en, zh, x, *axis, layout="contiguous", grad=True, timed=False):
        x = np.asarray(x)
        cot = floats(rng, x.shape, str(x.dtype)) if torch and grad else None
        return maker(id, en, zh, CALL, Arr(x, layout=layout, grad=torch and grad), *axis,
                     cotangent=cot, timed=timed)

    cases = []

    # float32 logits of ±1e4: exp overflows (inf / inf = NaN) or, for a slice of
    # very negative logits, underflows (0 / 0) without the max shift. The gradient
    # is checked on the float64 variant below: near 1e4 a float32 log-sum-exp is
    # only accurate to ~5e-4, so a float32 gradient check here would reject
    # correct solutions.
    x = _grid(rng, (5, 10), 1000.0, 10, "float32")
    x[0] = -1e4
    x[0, :3] = [1e4, -1e4, 1e4]                    # -> [0.5, 0, 0.5, 0, ...]
    x[1] = np.where(np.arange(10) % 2, -8000.0, -1e4)  # every logit very negative: exp underflows
    x[2] = 1e4                                    # a slice of identical huge logits
    cases.append(make(edge, "overflow-1e4",
                      "float32 logits of ±1e4 (incl. [1e4, -1e4, 1e4] and an all-negative row): no inf or NaN",
                      "float32 logits 为 ±1e4(含 [1e4, -1e4, 1e4] 和全为很小负数的一行):不能出现 inf 或 NaN",
                      x, grad=False))

    x = floats(rng, (4, 9), "float64", 1000.0)
    x[0] = -1e4
    x[0, :3] = [1e4, -1e4, 1e4]
    x[1] = -5000.0 + floats(rng, (9,), "float64", 3.0)
    cases.append(make(edge, "overflow-float64",
                      "float64 logits in the thousands (exp overflows above ~709.8), gradient included",
                      "float64 logits 达到数千(exp 在约 709.8 以上溢出),也检查梯度",
                      x, -1))

    x = floats(rng, (4, 7), "float32", 2.0) + np.array([[-150.0], [0.0], [150.0], [60.0]], dtype=np.float32)
    cases.append(make(edge, "rows-far-apart",
                      "rows hundreds apart (around -150, 0, 150, 60): each row needs its own max, not the array's",
                      "各行相差数百(约 -150、0、150、60):每行要减去自己的最大值,而不是整个数组的",
                      x))

    if torch:
        x = floats(rng, (4, 8), "float64", 2.0)  # float64: the gradient is exact enough to check at 7e4
        x[0] += 7e4
        x[2] -= 9e4
        x[2, 3] = 7.5e4
        cases.append(make(edge, "beyond-half-range",
                          "float64 logits beyond float16's ±65504 (7e4, -9e4): computed in half they become inf",
                          "超出 float16 范围(±65504)的 float64 logits(7e4、-9e4):用 half 计算会变成 inf",
                          x))

        x = bf16(floats(rng, (3, 5, 16), "float32", 3.0))
        cot = floats(rng, x.shape, "float32")
        cases.append(edge("bfloat16", "bfloat16 logits, as training produces them: judged at bfloat16's tolerance; "
                          "return bfloat16 or float32", "bfloat16 logits(训练中常见):按 bfloat16 的容差评判;返回 bfloat16 或 float32",
                          CALL, Arr(x, grad=True, dtype="bfloat16"), cotangent=cot))

    x = floats(rng, (5, 7), "float32", 2.0)
    cases.append(make(edge, "axis-0", "2-D input, axis 0: every column sums to 1",
                      "二维输入,axis 为 0:每一列之和为 1", x, 0))

    x = floats(rng, (4, 6), "float32", 2.0)
    cases.append(make(edge, "axis-1-positive", "2-D input, axis 1 given as a positive number",
                      "二维输入,axis 以正数 1 给出", x, 1))

    x = floats(rng, (9,), "float32", 2.0)
    cases.append(make(edge, "one-d", "1-D input with the default axis",
                      "一维输入,使用默认 axis", x))

    x = floats(rng, (3, 5, 4), "float32", 2.0)
    cases.append(make(edge, "three-d-middle-axis", "3-D input [3, 5, 4], normalised along the middle axis 1",
                      "三维输入 [3, 5, 4],沿中间的第 1 轴归一化", x, 1))

    x = floats(rng, (2, 5, 3, 4), "float32", 2.0)
    cases.append(make(edge, "negative-axis", "4-D input with a negative axis (-3)",
                      "四维输入,axis 为负数(-3)", x, -3))

    x = floats(rng, (6, 11), "float64", 3.0)
    cases.append(make(edge, "float64", "float64 input: the result must keep float64 precision",
                      "float64 输入:结果须保持 float64 精度", x))

    x = floats(rng, (4, 8), "float32", 2.0)
    x[1] = 5.0
    x[3] = 0.0
    cases.append(make(edge, "identical-row", "rows of identical values give the uniform distribution 1/n",
                      "值全部相同的行应得到均匀分布 1/n", x))

    x = floats(rng, (3, 6, 7), "float32", 2.0)
    cases.append(make(edge, "noncontiguous", "non-contiguous input (stored transposed)",
                      "非连续输入(以转置方式存储)", x, layout="transposed"))

    x = floats(rng, (4, 6, 5), "float32", 2.0)
    cases.append(make(edge, "noncontiguous-axis-0", "non-contiguous input (stored transposed), axis 0",
                      "非连续输入(以转置方式存储),axis 为 0", x, 0, layout="transposed"))

    x = floats(rng, (16, 32768), "float32", 3.0)
    cases.append(make(edge, "vocab-32k", "rows of 32k logits: a vectorized solution handles them quickly",
                      "每行 32k 个 logits:向量化实现应该很快", x, timed=True))

    for i in range(6):
        dtype = "float64" if i % 2 else "float32"
        while True:
            ndim = int(rng.integers(1, 5))
            shape = tuple(int(s) for s in rng.integers(1, 9, size=ndim))
            shape = shape[:-1] + (max(2, shape[-1]),)
            axis = int(rng.integers(-ndim, ndim))
            x = floats(rng, shape, dtype, float(rng.uniform(0.5, 8.0)))
            if _informative(x, axis):
                break
        desc = f"shape {list(shape)}, axis {axis}, {dtype}"
        cases.append(make(rand, f"random-{i + 1}", f"random {desc}", f"随机 {desc}", x, axis))
    return cases
