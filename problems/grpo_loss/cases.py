"""Cases for grpo-loss: the four aggregations with unequal lengths, a square batch (B == T),
β = 0 with no reference, empty rows, on-policy inputs, nothing kept, bool and float masks,
clipping on both sides, several ε and β, non-contiguous inputs, unknown aggs, random ones.

The gradient w.r.t. log_probs is checked on every case that returns a value (the loss is
0-dim: no cotangent); old_log_probs, ref_log_probs, advantages and the mask are constants,
as the rollout's stored values are. Calls are positional:
grpo_loss(lp, old, ref, adv, mask[, beta[, clip_eps[, agg]]]).
Every named case is drawn until each mistake it is meant to expose gives a clearly
different value (a deterministic loop: same seed, same case), and no ratio lies within
0.02 of a clip corner 1 ± ε, where float32 rounding could move a token across it.
"""

from __future__ import annotations

import numpy as np

from sftkl.graders.casekit import Arr, edge, rand
from sftkl.problems.grpo_loss.mistakes import MODELS
from sftkl.problems.grpo_loss.reference import AGGS, grpo_loss

CALL = "grpo_loss"
TM, STM, STS, NORM = AGGS

AGG_EN = {
    TM: "mean over all kept tokens (TRL \"bnpo\")",
    STM: "mean over each sequence's kept tokens, then over the non-empty sequences (TRL \"grpo\")",
    STS: "sum over each sequence's kept tokens, then mean over all B sequences",
    NORM: "sum over kept tokens divided by B·T (TRL \"dr_grpo\" when T = max_completion_length)",
}
AGG_ZH = {
    TM: "所有保留 token 的平均(TRL \"bnpo\")",
    STM: "先对每个序列的保留 token 取平均,再对非空序列取平均(TRL \"grpo\")",
    STS: "每个序列的保留 token 求和,再对全部 B 个序列取平均",
    NORM: "保留 token 的总和除以 B·T(T = max_completion_length 时即 TRL \"dr_grpo\")",
}


def response_mask(lengths, t):
    """[B, T] bool: row b keeps its first lengths[b] tokens (responses padded on the right)."""
    return np.arange(t)[None, :] < np.asarray(lengths)[:, None]


def _ratios(rng, shape, eps, spread=(0.55, 1.6)):
    r = rng.uniform(*spread, size=shape)
    for corner in (1 - eps, 1 + eps):
        near = np.abs(r - corner) < 0.02
        r[near] = corner + np.where(r[near] >= corner, 0.02, -0.02)
    return r


def draw(rng, lengths, t, dtype="float32", eps=0.2, on_policy=False):
    """log_probs, old_log_probs, ref_log_probs, advantages, mask: valid log-probs (<= 0),
    ratios on both sides of the clip range, advantages of both signs and |A| >= 0.2, each
    row its own typical distance to the reference."""
    b = len(lengths)
    lp = -np.abs(rng.standard_normal((b, t))) * rng.uniform(0.3, 1.5) - 1.0
    old = lp.copy() if on_policy else lp - np.log(_ratios(rng, (b, t), eps))
    ref = np.minimum(lp + rng.uniform(-1.2, 1.2, size=(b, 1)) + rng.normal(0.0, 0.5, (b, t)), -1e-3)
    adv = rng.choice([-1.0, 1.0], size=b) * (0.2 + np.abs(rng.standard_normal(b)))
    cast = [x.astype(dtype) for x in (lp, old, ref, adv)]
    return (*cast, response_mask(lengths, t))


def _apart(x, y):
    return abs(x - y) > 0.05 * max(abs(x), abs(y)) + 1e-3


def _exposes(args, want, mistake):
    """Does every variant of the mistake's model give a clearly different value from `want`,
    the reference's (or raise)?"""
    fns = MODELS[mistake]["torch"][CALL]
    for fn in fns if isinstance(fns, list) else [fns]:
        try:
            with np.errstate(all="ignore"):
                got = float(fn(*args))
        except Exception:  # noqa: BLE001 - a model raising is a different outcome
            continue
        if not _apart(got, want):
            return False
    return True


def separated(rng, lengths, t, rest, expose, **kw):
    """draw() until every mistake in `expose` is clearly exposed by the case."""
    for _ in range(60):
        lp, old, ref, adv, mask = draw(rng, lengths, t, **kw)
        args = (lp, old, ref, adv, mask, *rest)
        want = grpo_loss(*args)
        if all(_exposes(args, want, m) for m in expose):
            break
    return lp, old, ref, adv, mask


KL = ("kl-unmasked", "k3-ratio-inverted")
CLIP = ("clip-min-max-swapped",)
ADV = ("advantage-not-broadcast",)


def build_cases(track: str, rng: np.random.Generator):
    def case(maker, id, en, zh, data, *rest, layout="contiguous", raises=None, ref_none=False):
        lp, old, ref, adv, mask = data
        args = [Arr(lp, layout=layout, grad=raises is None), Arr(old, layout=layout),
                None if ref_none else Arr(ref, layout=layout), Arr(adv), Arr(mask, layout=layout), *rest]
        return maker(id, en, zh, CALL, *args, raises=raises)

    cases = []
    data = separated(rng, [8, 5, 6], 8, (), KL + CLIP + ADV)
    cases.append(case(edge, "defaults", "beta, clip_eps and agg omitted: 0.04, 0.2, \"token-mean\"",
                      "省略 beta、clip_eps 和 agg:默认为 0.04、0.2、\"token-mean\"", data))

    # Unequal response lengths separate the four aggregations (bool mask, right padding).
    lengths, t = [2, 12, 7], 12
    for agg in AGGS:
        rest = (0.1, 0.2, agg)
        expose = KL + CLIP + ADV + (("agg-mode-mixed-up",) if agg in (TM, STM) else ())
        data = separated(rng, lengths, t, rest, expose)
        cases.append(case(edge, f"agg-{agg}", f"unequal response lengths {lengths} of T={t}, beta=0.1, agg \"{agg}\": {AGG_EN[agg]}",
                          f"回复长度不等 {lengths}(T={t}),beta=0.1,agg \"{agg}\":{AGG_ZH[agg]}", data, *rest))

    # B == T: advantages broadcast along the wrong axis still run here, with other values.
    for agg, lengths in ((TM, [4, 2, 3, 1]), (STS, [3, 4, 1, 2])):
        rest = (0.04, 0.2, agg)
        data = separated(rng, lengths, 4, rest, KL + CLIP + ADV)
        cases.append(case(edge, f"square-{agg}", f"B == T == 4, agg \"{agg}\": advantages[b] belongs to every token of row b, not to column b",
                          f"B == T == 4,agg \"{agg}\":advantages[b] 属于第 b 行的每个 token,而不是第 b 列", data, *rest))

    # beta == 0: the KL term is off and ref_log_probs may be None.
    for agg in (STM, NORM):
        rest = (0.0, 0.2, agg)
        data = separated(rng, [6, 3, 9, 5], 9, rest, CLIP + ADV)
        cases.append(case(edge, f"beta-0-ref-none-{agg}", f"beta=0 and ref_log_probs=None, agg \"{agg}\": no KL term, the reference is not touched",
                          f"beta=0 且 ref_log_probs=None,agg \"{agg}\":没有 KL 项,也不能访问参考模型", data, *rest, ref_none=True))
    data = separated(rng, [7, 7, 2], 7, (0.0,), CLIP + ADV)
    cases.append(case(edge, "beta-0-ref-given", "beta=0 with ref_log_probs given: the KL term adds nothing",
                      "beta=0 但给了 ref_log_probs:KL 项不贡献任何值", data, 0.0))

    # A row with nothing kept (a completion masked out entirely, e.g. truncated).
    for agg in AGGS:
        rest = (0.04, 0.2, agg)
        data = separated(rng, [5, 0, 9], 9, rest, KL + ADV)
        empty_en = {STM: "the empty row is left out of the mean over sequences",
                    STS: "the empty row adds 0 and still counts in B"}.get(agg, "the empty row adds nothing")
        empty_zh = {STM: "空行不参与对序列的平均", STS: "空行贡献 0,但仍计入 B"}.get(agg, "空行不贡献任何值")
        cases.append(case(edge, f"empty-row-{agg}", f"row 1 has nothing kept, agg \"{agg}\": {empty_en}",
                          f"第 1 行没有保留任何 token,agg \"{agg}\":{empty_zh}", data, *rest))

    # On-policy: old == new, every ratio is 1 and the gradient is -A·∇logp + β∇k3 (times the weights).
    for agg in (TM, STM):
        rest = (0.04, 0.2, agg)
        data = separated(rng, [6, 2, 5], 6, rest, KL + ADV, on_policy=True)
        cases.append(case(edge, f"on-policy-{agg}", f"old_log_probs == log_probs (ratio 1, nothing clipped), agg \"{agg}\"",
                          f"old_log_probs == log_probs(比值为 1,没有截断),agg \"{agg}\"", data, *rest))

    # Nothing kept in the whole batch: 0 with a zero gradient, never NaN.
    for agg in AGGS:
        lp, old, ref, adv, mask = draw(rng, [0, 0], 6)
        cases.append(case(edge, f"all-masked-{agg}", f"nothing kept in the batch, agg \"{agg}\": 0 with zero gradient, not NaN",
                          f"整个 batch 都没有保留的 token,agg \"{agg}\":结果为 0、梯度为 0,而不是 NaN",
                          (lp, old, ref, adv, mask), 0.04, 0.2, agg))
    lp, old, ref, adv, mask = draw(rng, [0, 0, 0], 4)
    cases.append(case(edge, "all-masked-float", "a float mask of zeros, defaults: 0 with zero gradient, not NaN",
                      "全零的 float mask,默认参数:结果为 0、梯度为 0,而不是 NaN",
                      (lp, old, ref, adv, mask.astype(np.float32))))

    # The mask as float (0.0 / 1.0) instead of bool.
    lp, old, ref, adv, mask = separated(rng, [4, 10, 1], 10, (0.04, 0.2, TM), KL + CLIP + ADV)
    cases.append(case(edge, "mask-float32", "mask given as float32 0.0 / 1.0, agg \"token-mean\"",
                      "mask 以 float32 的 0.0 / 1.0 给出,agg \"token-mean\"",
                      (lp, old, ref, adv, mask.astype(np.float32)), 0.04, 0.2, TM))
    lp, old, ref, adv, mask = separated(rng, [8, 3, 5], 8, (0.1, 0.2, STM), KL + CLIP + ADV, dtype="float64")
    cases.append(case(edge, "mask-float64", "float64 inputs and a float64 mask, agg \"seq-mean-token-mean\"",
                      "float64 输入和 float64 mask,agg \"seq-mean-token-mean\"",
                      (lp, old, ref, adv, mask.astype(np.float64)), 0.1, 0.2, STM))

    # Holes inside a response (tool output masked like TRL's tool_mask).
    lp, old, ref, adv, mask = separated(rng, [11, 11, 6], 11, (0.04, 0.2, STM), KL + CLIP + ADV)
    mask[0, 3:6] = False
    mask[1, 1] = False
    cases.append(case(edge, "mask-holes", "zeros inside the responses (e.g. tool output), agg \"seq-mean-token-mean\"",
                      "回复内部也有被 mask 的位置(例如工具输出),agg \"seq-mean-token-mean\"",
                      (lp, old, ref, adv, mask), 0.04, 0.2, STM))

    # Clipping: DAPO's ε = 0.28 and a tight ε = 0.1, ratios well outside the range on both sides.
    for eps, agg in ((0.28, STS), (0.1, TM)):
        rest = (0.04, eps, agg)
        data = separated(rng, [9, 6, 9], 9, rest, CLIP + ADV, eps=eps)
        cases.append(case(edge, f"clip-eps-{str(eps).replace('.', '-')}", f"clip_eps={eps}, ratios on both sides of [1 - ε, 1 + ε], advantages of both signs, agg \"{agg}\"",
                          f"clip_eps={eps},比值落在 [1 - ε, 1 + ε] 两侧,优势有正有负,agg \"{agg}\"", data, *rest))

    lp, old, ref, adv, mask = separated(rng, [5, 8, 3], 8, (0.04, 0.2, TM), KL + CLIP + ADV)
    adv[1] = 0.0
    cases.append(case(edge, "zero-advantage-row", "row 1 has advantage 0 (a group whose rewards were all equal)",
                      "第 1 行的优势为 0(一组奖励全部相同)", (lp, old, ref, adv, mask), 0.04, 0.2, TM))

    lp, old, ref, adv, mask = draw(rng, [12], 12)
    cases.append(case(edge, "batch-1", "B == 1", "B == 1", (lp, old, ref, adv, mask), 0.04, 0.2, STM))

    data = separated(rng, [3, 7, 7, 5], 7, (0.04, 0.2, NORM), KL + CLIP + ADV)
    cases.append(case(edge, "noncontiguous", "inputs and mask stored transposed (non-contiguous), agg \"seq-mean-token-sum-norm\"",
                      "输入和 mask 都以转置方式存储(非连续),agg \"seq-mean-token-sum-norm\"", data, 0.04, 0.2, NORM,
                      layout="transposed"))

    for bad, cid in (("seq-mean", "unknown-agg"), ("token_mean", "unknown-agg-underscore")):
        data = draw(rng, [3, 2, 3], 3)  # square, so even a wrong broadcast reaches the agg check
        cases.append(case(edge, cid, f"agg \"{bad}\" is not a known aggregation: raise ValueError",
                          f"agg \"{bad}\" 不是合法的聚合方式:应抛出 ValueError", data, 0.04, 0.2, bad, raises="ValueError"))

    settings = [(0.04, 0.2), (0.1, 0.28), (0.0, 0.2), (0.001, 0.2), (0.04, 0.1), (0.0, 0.28), (0.1, 0.2), (0.04, 0.2)]
    for i, (beta, eps) in enumerate(settings):
        b, t = int(rng.integers(2, 9)), int(rng.integers(2, 49))
        dtype = "float64" if i % 2 else "float32"
        agg = AGGS[i % len(AGGS)]
        lp, old, ref, adv, mask = draw(rng, rng.integers(1, t + 1, size=b), t, dtype, eps=eps)
        kind = "bool" if i < 4 else dtype
        if kind != "bool":
            mask = mask.astype(dtype)
        ref_none = beta == 0 and i % 3 == 2
        desc = f"B={b}, T={t}, {dtype}, {kind} mask, beta={beta}{', ref=None' if ref_none else ''}, clip_eps={eps}, agg \"{agg}\""
        cases.append(case(rand, f"random-{i + 1}", f"random {desc}", f"随机 {desc}",
                          (lp, old, ref, adv, mask), beta, eps, agg, ref_none=ref_none))
    return cases
