"""Cases for grpo-advantages: named edge cases plus seeded random ones.

Rewards are [N] with the G completions of a prompt contiguous. Groups differ in
mean and spread, so statistics over the whole batch or over the wrong groups show.
Constant groups use rewards whose mean is exact in float32 (0/1, halves, small
integers). The near-constant cases put their spread next to eps (values on a binary
grid, G, N and N / G powers of 2, so float32 arithmetic is exact there, however the
groups are formed), so that only the eps
the caller passes, added to the std, passes them.
"""

from __future__ import annotations

import numpy as np

from sftkl.graders.casekit import Arr, edge, rand

CALL = "grpo_advantages"
KINDS = ("continuous", "binary", "partial", "integers")


def rewards(rng, prompts, group_size, dtype="float32", kind="continuous"):
    """prompts * group_size rewards, one group after another."""
    shape = (prompts, group_size)
    if kind == "binary":  # pass / fail, each prompt with its own success rate
        out = (rng.random(shape) < rng.uniform(0.1, 0.9, (prompts, 1))).astype(np.float64)
    elif kind == "partial":  # 0, 0.5 or 1
        out = rng.integers(0, 3, shape) / 2.0
    elif kind == "integers":
        out = rng.integers(0, 5, shape).astype(np.float64)
    else:  # each group its own mean and spread
        out = rng.uniform(-3, 3, (prompts, 1)) + rng.standard_normal(shape) * rng.uniform(0.2, 2.0, (prompts, 1))
    return out.reshape(-1).astype(dtype)


def near_constant(rng, prompts, group_size, base, step, dtype):
    """base + k * step, k in -2..2, no group constant: a spread of about `step`."""
    k = rng.integers(-2, 3, (prompts, group_size))
    k[:, 0], k[:, 1] = -1, 1
    k = rng.permuted(k, axis=1)
    return (base + k * step).reshape(-1).astype(dtype)


def build_cases(track: str, rng: np.random.Generator):
    def R(x, layout="contiguous"):
        return Arr(np.asarray(x), layout=layout)

    cases = []
    x = np.array([1, 0, 0, 1, 1, 1, 1, 0], dtype=np.float32)
    cases.append(edge("binary-rewards", "binary rewards [1, 0, 0, 1 | 1, 1, 1, 0], G = 4: ±0.866 (unbiased std), not ±1",
                      "二值奖励 [1, 0, 0, 1 | 1, 1, 1, 0],G = 4:±0.866(无偏标准差),不是 ±1",
                      CALL, R(x), 4, "group"))

    def constant_groups(values):
        groups = [np.full(4, v) for v in values] + [rng.integers(0, 2, 4).astype(np.float64)]
        groups[-1][:2] = (0.0, 1.0)
        order = rng.permutation(len(groups))
        return np.concatenate([groups[i] for i in order]).astype(np.float32)

    for scale, values in (("group", (1.0, 0.0, 0.5)), ("none", (1.0, 3.0, 0.5)), ("rloo", (1.0, 3.0, 0.5))):
        cases.append(edge(f"constant-group-{scale}",
                          f"scale \"{scale}\": some groups have equal rewards (all 1, all 0, halves, small integers): "
                          "their advantages are exactly 0, never NaN",
                          f"scale \"{scale}\":部分组内奖励全部相同(全 1、全 0、0.5、小整数):这些组的优势恰好为 0,不能是 NaN",
                          CALL, R(constant_groups(values)), 4, scale))

    for scale in ("group", "rloo"):
        cases.append(edge(f"group-size-2-{scale}", f"G = 2, 5 prompts, scale \"{scale}\"",
                          f"G = 2,5 个 prompt,scale \"{scale}\"", CALL, R(rewards(rng, 5, 2)), 2, scale))

    cases.append(edge("one-prompt", "a single prompt with G = 16 completions", "只有一个 prompt,G = 16 个回答",
                      CALL, R(rewards(rng, 1, 16)), 16, "group"))
    cases.append(edge("defaults", "scale and eps omitted: the defaults are \"group\" and 1e-6",
                      "省略 scale 和 eps:默认值为 \"group\" 和 1e-6", CALL, R(rewards(rng, 6, 4, kind="partial")), 4))
    for scale in ("none", "rloo"):
        cases.append(edge(f"scale-{scale}", f"scale \"{scale}\", 4 prompts, G = 8",
                          f"scale \"{scale}\",4 个 prompt,G = 8", CALL, R(rewards(rng, 4, 8)), 8, scale))

    x = near_constant(rng, 4, 8, 0.5, 2.0 ** -19, "float32")  # every partial sum exact
    cases.append(edge("near-constant-default-eps",
                      "nearly equal rewards (0.5 ± a few 1e-6) with the default eps: std and eps are of one size",
                      "几乎相同的奖励(0.5 ± 几个 1e-6),默认 eps:std 与 eps 大小相当", CALL, R(x), 8))
    x = near_constant(rng, 2, 4, 1.0, 2.0 ** -13, "float64")
    cases.append(edge("near-constant-eps-1e-4",
                      "nearly equal rewards (1 ± a few 1e-4), float64, eps=1e-4 (TRL's value) passed in",
                      "几乎相同的奖励(1 ± 几个 1e-4),float64,传入 eps=1e-4(TRL 的取值)", CALL, R(x), 4, "group", 1e-4))
    x = near_constant(rng, 2, 4, 0.0, 2.0 ** -30, "float32")
    cases.append(edge("near-constant-eps-1e-9",
                      "rewards spread by about 1e-9, eps=1e-9 (OpenRLHF's value) passed in",
                      "奖励间差异约 1e-9,传入 eps=1e-9(OpenRLHF 的取值)", CALL, R(x), 4, "group", 1e-9))
    cases.append(edge("large-eps", "eps=0.5 passed in: it must be the eps that is used",
                      "传入 eps=0.5:必须使用传入的 eps", CALL, R(rewards(rng, 3, 4)), 4, "group", 0.5))

    cases.append(edge("float64", "float64 rewards, 5 prompts, G = 6", "float64 奖励,5 个 prompt,G = 6",
                      CALL, R(rewards(rng, 5, 6, "float64")), 6, "group"))
    cases.append(edge("noncontiguous", "rewards taken with a stride (a non-contiguous view), G = 4",
                      "以步长取出的奖励(非连续视图),G = 4", CALL, R(rewards(rng, 3, 4), "strided"), 4, "group"))
    cases.append(edge("large-n", "N = 32768 (2048 prompts, G = 16): a loop over rewards is slow",
                      "N = 32768(2048 个 prompt,G = 16):逐个奖励循环会很慢",
                      CALL, R(rewards(rng, 2048, 16)), 16, "group", timed=True))

    for cid, n, g, scale, en, zh in (
        ("group-size-1", 6, 1, "group", "group_size = 1: no group statistics, raise ValueError",
         "group_size = 1:无法计算组内统计量,应抛出 ValueError"),
        ("group-size-0", 4, 0, "group", "group_size = 0: raise ValueError", "group_size = 0:应抛出 ValueError"),
        ("not-divisible", 10, 4, "group", "N = 10 with group_size = 4: raise ValueError",
         "N = 10,group_size = 4:不能整除,应抛出 ValueError"),
        ("unknown-scale", 8, 4, "batch", "scale \"batch\" is not one of \"group\", \"none\", \"rloo\": raise ValueError",
         "scale \"batch\" 不属于 \"group\"、\"none\"、\"rloo\":应抛出 ValueError"),
    ):
        cases.append(edge(cid, en, zh, CALL, R(rng.random(n).astype(np.float32)), g, scale, raises="ValueError"))

    scales = ["group", "none", "rloo", "group", "group", "rloo"]
    for i, scale in enumerate(scales):
        p, g = int(rng.integers(1, 7)), int(rng.integers(2, 13))
        dtype = "float64" if i % 2 else "float32"
        kind = KINDS[int(rng.integers(0, len(KINDS)))]
        args = [scale]
        if i == 4:
            args.append(1e-4)
        desc = f"{p} prompts, G = {g}, {kind}, {dtype}, scale \"{scale}\"" + (", eps=1e-4" if i == 4 else "")
        zdesc = f"{p} 个 prompt,G = {g},{kind},{dtype},scale \"{scale}\"" + (",eps=1e-4" if i == 4 else "")
        cases.append(rand(f"random-{i + 1}", f"random: {desc}", f"随机:{zdesc}", CALL,
                          R(rewards(rng, p, g, dtype, kind)), g, *args))
    return cases
