"""Cases for ppo-policy-loss: a grid of advantages and ratios on both sides of the clip range,
clip-higher (asymmetric), the dual clip, the mask (bool and float, an empty row, nothing kept,
holes), bfloat16 / float32 / float64, a transposed layout, dual_clip <= 1, random ones.

The gradient w.r.t. log_probs is checked on every case that returns a value (the loss is
0-dim: no cotangent); old_log_probs, advantages and the mask are constants, as they are in
a PPO update. No ratio lies near 1 - clip_low, 1 + clip_high or the dual clip c, where the
gradient jumps and would depend on rounding. Calls are positional:
(lp, old, A, mask), (lp, old, A, mask, clip_low, clip_high), (..., dual_clip).
"""

from __future__ import annotations

import numpy as np

from sftkl.graders.casekit import Arr, bf16, edge, rand

CALL = "ppo_policy_loss"
GRID = (0.5, 0.9, 1.0, 1.1, 1.5, 5.0)


def _cast(x, dtype):
    return bf16(x) if dtype == "bfloat16" else x.astype(dtype)


def from_log_ratios(rng, lr, dtype="float32"):
    """log_probs and old_log_probs (both < 0) whose difference is lr."""
    base = -np.abs(rng.standard_normal(lr.shape)) * 0.5 - 0.05
    lp = np.where(lr < 0, base + lr, base)
    old = np.where(lr < 0, base, base - lr)
    return _cast(lp, dtype), _cast(old, dtype)


def _far(lr, bounds, margin):
    """Every log-ratio at least `margin` from the log of each bound (nudged out, deterministic)."""
    lr = lr.copy()
    for b in bounds:
        lb = np.log(b)
        near = np.abs(lr - lb) < margin
        lr[near] = lb + np.where(lr[near] >= lb, 1.5, -1.5) * margin
    return lr


def bounds_of(clip_low=0.2, clip_high=0.2, dual_clip=None):
    return [1.0 - clip_low, 1.0 + clip_high] + ([dual_clip] if dual_clip is not None else [])


def draw(rng, shape, dtype="float32", clip_low=0.2, clip_high=0.2, dual_clip=None, spread=1.0, far_tail=0.15):
    """Log-probs with ratios spread on both sides of the clip range (and past the dual clip),
    none near a bound, even after rounding to the dtype (a deterministic loop)."""
    bounds = bounds_of(clip_low, clip_high, dual_clip)
    margin = 0.06 if dtype == "bfloat16" else 0.02
    for _ in range(100):
        lr = rng.uniform(-0.7, 0.7, shape) * spread
        tail = rng.random(shape) < far_tail  # some ratios far out: up to e^2 ≈ 7.4 (past c = 3), down to e^-1.5
        lr = np.where(tail, rng.uniform(-1.5, 2.0, shape), lr)
        lp, old = from_log_ratios(rng, _far(lr, bounds, margin), dtype)
        got = lp.astype(np.float64) - old.astype(np.float64)
        if all(np.all(np.abs(got - np.log(b)) >= margin / 2) for b in bounds):
            return lp, old
    raise AssertionError("no draw kept its ratios away from the clip bounds")  # pragma: no cover


def advantages(rng, shape, dtype="float32", per_row=False):
    """GAE-like per-token advantages, or one advantage per row (GRPO-like); never 0."""
    a = rng.standard_normal((shape[0], 1) if per_row else shape)
    a = np.where(np.abs(a) < 0.05, np.sign(a + 1e-12) * 0.3, a)
    return _cast(np.broadcast_to(a, shape).copy(), dtype)


def response_mask(lengths, t):
    """[B, T] bool: row b keeps its first lengths[b] tokens (responses padded on the right)."""
    return np.arange(t)[None, :] < np.asarray(lengths)[:, None]


def past_dual_clip(rng, lp, old, adv, c, dtype, k=3):
    """Put k tokens with A < 0 well past the dual clip (r in [1.3c, 2c]) so it acts for sure."""
    neg = np.argwhere(np.asarray(adv) < 0)
    pick = neg[rng.permutation(len(neg))[:k]]
    lp, old = lp.astype(np.float64), old.astype(np.float64)
    for i, j in pick:
        lp[i, j] = old[i, j] + np.log(rng.uniform(1.3, 2.0) * c)
        if lp[i, j] > 0:
            old[i, j] -= lp[i, j] + 0.1
            lp[i, j] = -0.1
    return _cast(lp, dtype), _cast(old, dtype)


def build_cases(track: str, rng: np.random.Generator):
    def case(maker, id, en, zh, lp, old, adv, mask, *rest, layout="contiguous", raises=None, dtype=None):
        return maker(id, en, zh, CALL, Arr(lp, layout=layout, grad=raises is None, dtype=dtype),
                     Arr(old, layout=layout, dtype=dtype), Arr(adv, layout=layout, dtype=dtype),
                     Arr(mask, layout=layout), *rest, raises=raises)

    cases = []
    # --- the grid: A = -1 (row 0) and +1 (row 1) at every ratio of GRID ----------------------
    lr = np.tile(np.log(np.array(GRID)), (2, 1))
    grid_adv = np.array([[-1.0] * len(GRID), [1.0] * len(GRID)], dtype=np.float32)
    ones = np.ones((2, len(GRID)), dtype=bool)
    for cid, rest, en, zh in [
        ("grid", (), "A ∈ {-1, +1} × r ∈ {0.5, 0.9, 1, 1.1, 1.5, 5}, default clip 0.2: the clipped tokens have gradient 0",
         "A ∈ {-1, +1} × r ∈ {0.5, 0.9, 1, 1.1, 1.5, 5},默认 clip 0.2:被截断的 token 梯度为 0"),
        ("grid-clip-higher", (0.2, 0.28), "the same grid, clip_low=0.2, clip_high=0.28 (DAPO's clip-higher)",
         "同一网格,clip_low=0.2,clip_high=0.28(DAPO 的 clip-higher)"),
        ("grid-dual-clip", (0.2, 0.2, 3.0), "the same grid, dual_clip=3: A = -1 at r = 5 costs 3, gradient 0",
         "同一网格,dual_clip=3:A = -1、r = 5 的损失为 3,梯度为 0"),
    ]:
        lp, old = from_log_ratios(rng, lr, "float32")
        cases.append(case(edge, cid, en, zh, lp, old, grid_adv, ones, *rest))

    # --- the clip settings ---------------------------------------------------------------
    t = 10
    mask = response_mask([10, 7, 4, 9], t)
    lp, old = draw(rng, (4, t))
    cases.append(case(edge, "defaults", "random ratios, a right-padded bool mask, default clip_low = clip_high = 0.2, no dual clip",
                      "随机比值,右侧 padding 的 bool mask,默认 clip_low = clip_high = 0.2,没有 dual clip",
                      lp, old, advantages(rng, (4, t)), mask))
    for cid, lo, hi in (("asymmetric-clip", 0.2, 0.28), ("asymmetric-clip-wide-low", 0.3, 0.1)):
        lp, old = draw(rng, (4, t), clip_low=lo, clip_high=hi)
        cases.append(case(edge, cid, f"clip_low={lo}, clip_high={hi}: the range is [{1 - lo:g}, {1 + hi:g}]",
                          f"clip_low={lo},clip_high={hi}:截断区间为 [{1 - lo:g}, {1 + hi:g}]",
                          lp, old, advantages(rng, (4, t)), mask, lo, hi))
    for c in (3.0, 2.0):
        lp, old = draw(rng, (4, t), dual_clip=c)
        adv = advantages(rng, (4, t))
        lp, old = past_dual_clip(rng, lp, old, np.where(mask, adv, 1.0), c, "float32")  # kept tokens only
        cases.append(case(edge, f"dual-clip-{int(c)}",
                          f"dual_clip={c:g}: for A < 0 the loss is at most -A·{c:g}; tokens with A > 0 are unchanged",
                          f"dual_clip={c:g}:A < 0 时损失不超过 -A·{c:g};A > 0 的 token 不变",
                          lp, old, adv, mask, 0.2, 0.2, c))
    lp, old = draw(rng, (3, 8), dual_clip=None)
    cases.append(case(edge, "dual-clip-none", "dual_clip=None given explicitly: plain PPO clipping, even far past r = 3",
                      "显式传入 dual_clip=None:普通的 PPO 截断,即使 r 远大于 3",
                      lp, old, advantages(rng, (3, 8)), response_mask([8, 8, 5], 8), 0.2, 0.2, None))
    lp, old = draw(rng, (3, 8), clip_low=0.1, clip_high=0.3, dual_clip=4.0)
    adv = advantages(rng, (3, 8), per_row=True)
    adv[0] = -np.abs(adv[0])  # at least one row with A < 0, so the dual clip acts
    mask = response_mask([8, 6, 3], 8)
    lp, old = past_dual_clip(rng, lp, old, np.where(mask, adv, 1.0), 4.0, "float32")
    cases.append(case(edge, "dual-clip-per-row-advantages",
                      "one advantage per row (GRPO-like), clip_low=0.1, clip_high=0.3, dual_clip=4",
                      "每行一个优势值(类似 GRPO),clip_low=0.1,clip_high=0.3,dual_clip=4",
                      lp, old, adv, mask, 0.1, 0.3, 4.0))
    for bad, cid in ((1.0, "dual-clip-one"), (0.5, "dual-clip-below-one")):
        lp, old = draw(rng, (2, 5))
        cases.append(case(edge, cid, f"dual_clip={bad:g} is not > 1: raise ValueError",
                          f"dual_clip={bad:g} 不大于 1:应抛出 ValueError",
                          lp, old, advantages(rng, (2, 5)), np.ones((2, 5), dtype=bool), 0.2, 0.2, bad, raises="ValueError"))

    # --- the mask --------------------------------------------------------------------------
    lp, old = draw(rng, (3, 9), dual_clip=3.0)
    cases.append(case(edge, "empty-row", "row 1 keeps no token (all masked): it adds nothing, dual_clip=3",
                      "第 1 行没有保留任何 token(全部被 mask):它不贡献任何值,dual_clip=3",
                      lp, old, advantages(rng, (3, 9)), response_mask([6, 0, 9], 9), 0.2, 0.2, 3.0))
    lp, old = draw(rng, (2, 6))
    cases.append(case(edge, "nothing-kept", "nothing kept in the batch (bool mask of False): 0 with a zero gradient, not NaN",
                      "整个 batch 没有保留任何 token(全 False 的 bool mask):结果为 0、梯度为 0,而不是 NaN",
                      lp, old, advantages(rng, (2, 6)), np.zeros((2, 6), dtype=bool)))
    lp, old = draw(rng, (3, 4))
    cases.append(case(edge, "nothing-kept-float", "float mask of zeros, dual_clip=3: 0 with a zero gradient, not NaN",
                      "全零的 float mask,dual_clip=3:结果为 0、梯度为 0,而不是 NaN",
                      lp, old, advantages(rng, (3, 4)), np.zeros((3, 4), dtype=np.float32), 0.2, 0.2, 3.0))
    lp, old = draw(rng, (4, 10))
    cases.append(case(edge, "mask-float32", "mask given as float32 0.0 / 1.0",
                      "mask 以 float32 的 0.0 / 1.0 给出",
                      lp, old, advantages(rng, (4, 10)), response_mask([3, 10, 6, 1], 10).astype(np.float32)))
    lp, old = draw(rng, (3, 8), "float64", clip_low=0.2, clip_high=0.28)
    cases.append(case(edge, "mask-float64", "float64 inputs, float64 mask, clip_high=0.28",
                      "float64 输入和 float64 mask,clip_high=0.28",
                      lp, old, advantages(rng, (3, 8), "float64"), response_mask([8, 2, 5], 8).astype(np.float64), 0.2, 0.28))
    lp, old = draw(rng, (3, 11))
    mask = response_mask([11, 11, 7], 11)
    mask[0, 3:6] = False
    mask[1, 1] = False
    cases.append(case(edge, "mask-holes", "zeros inside the responses (e.g. tool output) as well as padding",
                      "回复内部也有被 mask 的位置(例如工具输出),另有 padding",
                      lp, old, advantages(rng, (3, 11)), mask))
    lp, old = draw(rng, (3, 8))
    adv = advantages(rng, (3, 8))
    mask = response_mask([3, 6, 4], 8)
    adv = np.where(mask, adv, np.float32(50.0) * np.sign(adv)).astype(np.float32)
    cases.append(case(edge, "padding-large-advantages", "padding positions hold advantages of ±50: they must not count",
                      "padding 位置的优势值为 ±50:它们不能被计入", lp, old, adv, mask))

    # --- dtypes, layouts, shapes ---------------------------------------------------------------
    lp, old = draw(rng, (3, 8), "bfloat16", dual_clip=3.0)
    adv = bf16(advantages(rng, (3, 8)))
    cases.append(case(edge, "bfloat16", "bfloat16 log-probs and advantages (a bfloat16 policy), a mask, dual_clip=3: judged "
                      "at bfloat16's tolerance; computing in float32 (`.float()`) is best",
                      "bfloat16 的 log-probs 和优势值(bfloat16 策略模型),带 mask,dual_clip=3:按 bfloat16 的容差评判;"
                      "最好先 `.float()` 在 float32 中计算",
                      lp, old, adv, response_mask([8, 5, 7], 8), 0.2, 0.2, 3.0, dtype="bfloat16"))
    lp, old = draw(rng, (3, 12), "float64", dual_clip=3.0)
    cases.append(case(edge, "float64", "float64 inputs, dual_clip=3", "float64 输入,dual_clip=3",
                      lp, old, advantages(rng, (3, 12), "float64"), response_mask([12, 9, 4], 12), 0.2, 0.2, 3.0))
    lp, old = draw(rng, (4, 9), clip_low=0.2, clip_high=0.28)
    cases.append(case(edge, "noncontiguous", "inputs and mask stored transposed (non-contiguous), clip_high=0.28",
                      "输入和 mask 都以转置方式存储(非连续),clip_high=0.28",
                      lp, old, advantages(rng, (4, 9)), response_mask([9, 3, 7, 5], 9), 0.2, 0.28, layout="transposed"))
    lp, old = draw(rng, (1, 12))
    cases.append(case(edge, "batch-1", "B == 1, every token kept", "B == 1,所有 token 都保留",
                      lp, old, advantages(rng, (1, 12)), np.ones((1, 12), dtype=bool)))
    lp, old = draw(rng, (2, 6), spread=0.2, far_tail=0.0)
    cases.append(case(edge, "on-policy", "log_probs == old_log_probs (r = 1, the first PPO step): the loss is -mean(A)",
                      "log_probs == old_log_probs(r = 1,PPO 的第一步):损失为 -mean(A)",
                      old, old.copy(), advantages(rng, (2, 6)), response_mask([6, 4], 6)))

    # --- random -----------------------------------------------------------------------------
    settings = [(), (0.2, 0.28), (0.2, 0.2, 3.0), (0.1, 0.3), (0.2, 0.28, 3.0), (0.15, 0.15, 2.0), (0.2, 0.2, None), ()]
    for i, rest in enumerate(settings):
        b, t = int(rng.integers(1, 9)), int(rng.integers(2, 65))
        dtype = "float64" if i % 2 else "float32"
        lo, hi = (rest[0], rest[1]) if rest else (0.2, 0.2)
        c = rest[2] if len(rest) > 2 else None
        lp, old = draw(rng, (b, t), dtype, lo, hi, c)
        adv = advantages(rng, (b, t), dtype, per_row=bool(i % 3 == 2))
        mask = response_mask(rng.integers(1, t + 1, size=b), t)
        kind = "bool" if i < 5 else dtype
        if kind != "bool":
            mask = mask.astype(dtype)
        desc = f"B={b}, T={t}, {dtype}, {kind} mask, clip ({lo:g}, {hi:g})" + (f", dual_clip={c:g}" if c else "")
        cases.append(case(rand, f"random-{i + 1}", f"random {desc}", f"随机 {desc}", lp, old, adv, mask, *rest))
    return cases
