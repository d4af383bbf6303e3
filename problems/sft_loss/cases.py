"""Cases for sft-loss: named edge cases plus seeded random ones."""

from __future__ import annotations

import numpy as np

from sftkl.graders.casekit import Arr, bf16, edge, far_below, floats, prompt_labels, rand

CALL = "sft_loss"


def build_cases(track: str, rng: np.random.Generator):
    batched = track == "torch"

    def shape(b, t, v):
        return ((b, t, v), (b, t)) if batched else ((t, v), (t,))

    def make(b, t, v, dtype="float32", scale=3.0, ignore=-100):
        ls, bs = shape(b, t, v)
        return floats(rng, ls, dtype, scale), prompt_labels(rng, bs, v, ignore)

    def lg(x, **kw):
        return Arr(x, grad=batched, **kw)

    B = 2 if batched else 1
    cases = []

    x, y = make(B, 6, 11)
    y[...] = -100
    cases.append(edge("all-ignored", "every label is ignore_index: the loss must be 0, not NaN",
                      "所有 label 都是 ignore_index:loss 应为 0,而不是 NaN", CALL, lg(x), Arr(y)))

    x, y = make(B, 7, 13)
    y[...] = -100
    y[..., 4] = 3 if not batched else y[..., 4]
    if batched:
        y[0, 4] = 3
    cases.append(edge("one-kept", "exactly one kept label in the whole input",
                      "整个输入只有一个被保留的 label", CALL, lg(x), Arr(y)))

    x, y = make(3 if batched else 1, 1, 9)
    y[...] = 2
    cases.append(edge("t-equals-1", "T == 1: nothing to predict after the shift, the loss is 0",
                      "T == 1:shift 之后没有可预测的位置,loss 为 0", CALL, lg(x), Arr(y)))

    if batched:
        x, y = make(1, 9, 17)
        cases.append(edge("batch-1", "B == 1", "B == 1", CALL, lg(x), Arr(y)))
        x, y = make(4, 10, 12)
        y[0, :8] = -100  # one kept token in row 0, many in the others
        y[1, :2] = -100
        y[2, :] = -100   # a row with nothing kept
        y[3, :1] = -100
        cases.append(edge("batch-uneven", "B >= 2 with very different kept counts per row (token-level mean)",
                          "B >= 2,各行保留的 token 数差别很大(按 token 求平均)", CALL, lg(x), Arr(y)))

    x, y = make(B, 8, 10, ignore=-1)
    cases.append(edge("custom-ignore-index", "ignore_index=-1 passed explicitly (prompt tokens are -1)",
                      "显式传入 ignore_index=-1(prompt 部分为 -1)", CALL, lg(x), Arr(y), -1))

    x, y = make(B, 8, 10, scale=1e4)
    cases.append(edge("overflow-1e4", "logits around ±1e4 in float32: exp overflows without max subtraction",
                      "float32 logits 约 ±1e4:不减最大值 exp 就会溢出", CALL, lg(x), Arr(y)))

    x, y = make(B, 8, 12, dtype="float64", scale=2.0)
    y[..., 1:3] = np.where(y[..., 1:3] == -100, 1, y[..., 1:3])
    x = far_below(x if batched else x[None], y if batched else y[None])
    x = x if batched else x[0]
    cases.append(edge("target-far-below", "each target logit is 1000 below its row max (probability underflows)",
                      "每个目标 logit 比该行最大值小 1000(概率下溢为 0)", CALL, lg(x), Arr(y)))

    if batched:
        x, y = make(2, 8, 10, dtype="float64")  # float64: the gradient is exact enough to check at 7e4
        x[0, :4] += 7e4
        x[1, 2:5] -= 9e4
        y[0, 1:5] = np.where(y[0, 1:5] == -100, 1, y[0, 1:5])  # the rows beyond float16's range are scored
        cases.append(edge("beyond-half-range",
                          "float64 logits beyond float16's ±65504 (7e4, -9e4): computed in half they become inf",
                          "超出 float16 范围(±65504)的 float64 logits(7e4、-9e4):用 half 计算会变成 inf",
                          CALL, lg(x), Arr(y)))

        x, y = make(2, 9, 50)
        cases.append(edge("bfloat16", "bfloat16 logits, as training produces them: judged at bfloat16's tolerance; "
                          "`logits.float()` first, as transformers does, is best", 
                          "bfloat16 logits(训练中常见):按 bfloat16 的容差评判;最好像 transformers 那样先 `logits.float()`",
                          CALL, Arr(bf16(x), grad=True, dtype="bfloat16"), Arr(y)))

    x, y = make(B, 9, 14)
    cases.append(edge("noncontiguous", "logits stored transposed and labels strided: non-contiguous inputs",
                      "logits 以转置方式存储、labels 带步长:非连续输入", CALL, lg(x, layout="transposed"),
                      Arr(y, layout="strided")))

    x, y = make(B, 9, 14, dtype="float64")
    cases.append(edge("float64", "float64 inputs", "float64 输入", CALL, lg(x), Arr(y)))

    x, y = make(B, 8 if batched else 12, 32000)
    y = np.where(y == -100, rng.integers(0, 32000, size=y.shape), y)
    y[..., :2] = -100
    cases.append(edge("vocab-32k", "a 32k vocabulary: a vectorized solution handles it quickly",
                      "32k 词表:向量化实现应该很快", CALL, lg(x), Arr(y), timed=True))

    x, y = make(16, 2048, 4) if batched else make(1, 32768, 4)
    y = np.where(y == -100, rng.integers(0, 4, size=y.shape), y)  # (nearly) every token kept
    y[..., :4] = -100
    cases.append(edge("many-tokens", "32k tokens over a small vocabulary: a Python loop over positions is slow",
                      "小词表上的 32k 个 token:对位置做 Python 循环会很慢", CALL, lg(x), Arr(y), timed=True))

    for i in range(6):
        b = int(rng.integers(2, 5)) if batched else 1
        t = int(rng.integers(2, 17))
        v = int(rng.integers(3, 300))
        dtype = "float64" if i % 2 else "float32"
        x, y = make(b, t, v, dtype=dtype, scale=float(rng.uniform(0.5, 8)))
        shape_s = f"B={b}, T={t}, V={v}" if batched else f"T={t}, V={v}"
        cases.append(rand(f"random-{i + 1}", f"random {shape_s}, {dtype}", f"随机 {shape_s},{dtype}",
                          CALL, lg(x), Arr(y)))
    return cases
