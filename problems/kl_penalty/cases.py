"""Cases for kl-penalty: every mode (aliases and the default included), the response mask
and the four aggregations, edge cases, random ones.

The gradient w.r.t. log_probs is checked on every case that returns a value
(the output is a scalar, so no cotangent is needed); ref_log_probs is a
constant, as a frozen reference model's output is, and so is the mask.
Calls are positional: kl_penalty(lp, ref), (lp, ref, mode) as in the course,
then (lp, ref, mode, mask) and (lp, ref, mode, mask, agg).
"""

from __future__ import annotations

import numpy as np

from sftkl.graders.casekit import Arr, bf16, edge, log_prob_pair, log_probs, rand
from sftkl.problems.kl_penalty.reference import AGGS, kl_penalty

CALL = "kl_penalty"

AGG_ZH = {
    "token-mean": "所有保留 token 的平均",
    "seq-mean-token-mean": "先对每个序列的保留 token 取平均,再对非空序列取平均",
    "seq-mean-token-sum": "每个序列的保留 token 求和,再对全部 B 个序列取平均",
    "seq-mean-token-sum-norm": "保留 token 的总和除以 B·T",
}
AGG_EN = {
    "token-mean": "mean over all kept tokens",
    "seq-mean-token-mean": "mean over each sequence's kept tokens, then over the non-empty sequences",
    "seq-mean-token-sum": "sum over each sequence's kept tokens, then mean over all B sequences",
    "seq-mean-token-sum-norm": "sum over kept tokens divided by B·T",
}


def large_ratios(rng, shape, dtype):
    """|log r| up to 30 per token, both signs, every entry a valid log-probability (<= 0)."""
    n = int(np.prod(shape))
    lr = np.concatenate([[-30.0, -20.0, 20.0, 30.0], rng.uniform(-30.0, 30.0, n - 4)])
    rng.shuffle(lr)
    base = -np.abs(rng.standard_normal(n)) * 0.5 - 1e-3
    lp = np.where(lr < 0, base, base - lr)
    ref = lp + lr
    return lp.reshape(shape).astype(dtype), ref.reshape(shape).astype(dtype)


def response_mask(lengths, t):
    """[B, T] bool: row b keeps its first lengths[b] tokens (responses padded on the right)."""
    return np.arange(t)[None, :] < np.asarray(lengths)[:, None]


def _separates(lp, ref, mask, mode="k3", rel=0.05):
    """The aggregations differ from each other and from the unmasked values, clearly."""
    v = {a: kl_penalty(lp, ref, mode, mask, a) for a in AGGS}
    u = {a: kl_penalty(lp, ref, mode, None, a) for a in AGGS}

    def apart(x, y):
        return abs(x - y) > rel * max(abs(x), abs(y)) + 1e-3

    kept = np.asarray(mask).any()
    return kept and apart(v["token-mean"], v["seq-mean-token-mean"]) and all(apart(v[a], u[a]) for a in AGGS)


def masked_pair(rng, lengths, t, dtype="float32", mode="k3"):
    """Log-probs with a right-padded mask of the given lengths, drawn until the aggregations,
    and masked versus unmasked, are clearly apart (a deterministic loop: same seed, same case)."""
    mask = response_mask(lengths, t)
    for _ in range(50):
        lp, ref = log_prob_pair(rng, (len(lengths), t), dtype)
        # each row its own typical log-ratio, so per-row means differ
        shift = rng.uniform(-1.5, 1.5, size=(len(lengths), 1))
        ref = np.minimum(ref + shift, -1e-3).astype(dtype)
        if _separates(lp, ref, mask, mode):
            break
    return lp, ref, mask


def build_cases(track: str, rng: np.random.Generator):
    def case(maker, id, en, zh, lp, ref, *rest, layout="contiguous", **kw):
        args = [Arr(lp, layout=layout, grad=not kw.get("raises")), Arr(ref, layout=layout)]
        for r in rest:
            args.append(Arr(r, layout=layout) if isinstance(r, np.ndarray) else r)
        return maker(id, en, zh, CALL, *args, **kw)

    cases = []
    for mode, en, zh in [
        ("k1", "mode \"k1\": mean(log_probs - ref_log_probs)", "mode \"k1\":mean(log_probs - ref_log_probs)"),
        ("k2", "mode \"k2\": mean(½ (log r)²)", "mode \"k2\":mean(½ (log r)²)"),
        ("k3", "mode \"k3\": mean((r - 1) - log r), r = π_ref/π_θ", "mode \"k3\":mean((r - 1) - log r),r = π_ref/π_θ"),
        ("biased", "mode \"biased\" is an alias of k1", "mode \"biased\" 是 k1 的别名"),
        ("unbiased", "mode \"unbiased\" is an alias of k3", "mode \"unbiased\" 是 k3 的别名"),
    ]:
        lp, ref = log_prob_pair(rng, (3, 8), "float32")
        cases.append(case(edge, f"mode-{mode}", en, zh, lp, ref, mode))

    lp, ref = log_prob_pair(rng, (3, 8), "float32")
    cases.append(case(edge, "mode-default", "mode omitted: the default is k3", "省略 mode:默认为 k3", lp, ref))

    lp, ref = log_prob_pair(rng, (3, 8), "float32")
    mask = response_mask([8, 5, 6], 8)
    cases.append(edge("bfloat16", "bfloat16 log-probs, as a bfloat16 policy produces them, mode \"k3\", a mask: judged at "
                      "bfloat16's tolerance; computing in float32 (`.float()`) is best",
                      "bfloat16 的 log-probs(bfloat16 策略模型的输出),mode \"k3\",带掩码:按 bfloat16 的容差评判;"
                      "最好先 `.float()` 在 float32 中计算", CALL,
                      Arr(bf16(lp), grad=True, dtype="bfloat16"), Arr(bf16(ref), dtype="bfloat16"), "k3", Arr(mask)))

    for mode in ("k1", "k2", "k3"):
        lp = log_probs(rng, (2, 6), 1.5, "float32")
        cases.append(case(edge, f"equal-{mode}", f"log_probs == ref_log_probs, mode \"{mode}\": the penalty is 0",
                          f"log_probs == ref_log_probs,mode \"{mode}\":惩罚为 0", lp, lp.copy(), mode))

    for mode in ("k1", "k2", "k3"):
        lp, ref = large_ratios(rng, (2, 10), "float64")
        cases.append(case(edge, f"large-ratio-{mode}",
                          f"large log-ratios |log r| up to 30, float64, mode \"{mode}\", unclamped (log r = +20 gives k3 ≈ 4.85e8)",
                          f"很大的对数比,|log r| 最大为 30,float64,mode \"{mode}\",不截断(log r = +20 时 k3 ≈ 4.85e8)",
                          lp, ref, mode))
    lp, ref = large_ratios(rng, (2, 10), "float32")
    cases.append(case(edge, "large-ratio-k3-float32", "large log-ratios |log r| up to 30, float32, mode \"k3\", unclamped",
                      "很大的对数比,|log r| 最大为 30,float32,mode \"k3\",不截断", lp, ref, "k3"))

    lp, ref = log_prob_pair(rng, (1, 12), "float32")
    cases.append(case(edge, "batch-1", "B == 1", "B == 1", lp, ref, "k3"))

    lp, ref = log_prob_pair(rng, (4, 9), "float32")
    cases.append(case(edge, "noncontiguous", "both inputs stored transposed (non-contiguous), mode \"k2\"",
                      "两个输入都以转置方式存储(非连续),mode \"k2\"", lp, ref, "k2", layout="transposed"))
    lp, ref = log_prob_pair(rng, (5, 7), "float32")
    cases.append(case(edge, "noncontiguous-default", "both inputs stored transposed (non-contiguous), default mode",
                      "两个输入都以转置方式存储(非连续),默认 mode", lp, ref, layout="transposed"))

    lp, ref = log_prob_pair(rng, (3, 11), "float64")
    cases.append(case(edge, "float64", "float64 inputs, mode \"k3\"", "float64 输入,mode \"k3\"", lp, ref, "k3"))

    for bad, cid in (("k4", "unknown-mode-k4"), ("K3", "unknown-mode-upper-k3")):
        lp, ref = log_prob_pair(rng, (2, 5), "float32")
        cases.append(case(edge, cid, f"mode \"{bad}\" is not a known mode: raise ValueError",
                          f"mode \"{bad}\" 不是合法的 mode:应抛出 ValueError", lp, ref, bad, raises="ValueError"))

    # --- the response mask and the aggregations -------------------------------------------
    # Unequal response lengths separate the four aggregations (bool mask, right padding).
    t = 12
    lengths = [2, t, 7]
    lp, ref, mask = masked_pair(rng, lengths, t)
    for agg in AGGS:
        cases.append(case(edge, f"agg-{agg}",
                          f"unequal response lengths {lengths} of T={t}, bool mask, agg \"{agg}\": {AGG_EN[agg]}",
                          f"回复长度不等 {lengths}(T={t}),bool mask,agg \"{agg}\":{AGG_ZH[agg]}",
                          lp, ref, "k3", mask, agg))

    lp, ref, mask = masked_pair(rng, [3, 9, 6, 1], 9)
    cases.append(case(edge, "mask-default-agg", "a mask and no agg: the default is \"token-mean\"",
                      "给了 mask、省略 agg:默认为 \"token-mean\"", lp, ref, "k3", mask))

    # A row with nothing kept (a prompt that produced no response tokens, or one fully masked).
    lengths = [5, 0, 9]
    lp, ref, mask = masked_pair(rng, lengths, 9)
    for agg in AGGS:
        empty_en = {"seq-mean-token-mean": "the empty row is left out of the mean over sequences",
                    "seq-mean-token-sum": "the empty row adds 0 and still counts in B"}.get(agg, "the empty row adds nothing")
        empty_zh = {"seq-mean-token-mean": "空行不参与对序列的平均",
                    "seq-mean-token-sum": "空行贡献 0,但仍计入 B"}.get(agg, "空行不贡献任何值")
        cases.append(case(edge, f"empty-row-{agg}", f"row 1 has nothing kept, agg \"{agg}\": {empty_en}",
                          f"第 1 行没有保留任何 token,agg \"{agg}\":{empty_zh}", lp, ref, "k3", mask, agg))

    # Nothing kept in the whole batch: 0 with a zero gradient, never NaN.
    for agg in AGGS:
        lp, ref = log_prob_pair(rng, (2, 6), "float32")
        none = np.zeros((2, 6), dtype=bool)
        cases.append(case(edge, f"all-masked-{agg}", f"nothing kept in the batch, agg \"{agg}\": 0 with zero gradient, not NaN",
                          f"整个 batch 都没有保留的 token,agg \"{agg}\":结果为 0、梯度为 0,而不是 NaN",
                          lp, ref, "k3", none, agg))
    lp, ref = log_prob_pair(rng, (3, 4), "float32")
    cases.append(case(edge, "all-masked-float-k1", "float mask of zeros, mode \"k1\": 0 with zero gradient, not NaN",
                      "全零的 float mask,mode \"k1\":结果为 0、梯度为 0,而不是 NaN",
                      lp, ref, "k1", np.zeros((3, 4), dtype=np.float32), "token-mean"))

    # The mask as float (0.0 / 1.0) instead of bool.
    lp, ref, mask = masked_pair(rng, [4, 10, 1], 10)
    cases.append(case(edge, "mask-float32", "mask given as float32 0.0 / 1.0, agg \"token-mean\"",
                      "mask 以 float32 的 0.0 / 1.0 给出,agg \"token-mean\"",
                      lp, ref, "k3", mask.astype(np.float32), "token-mean"))
    lp, ref, mask = masked_pair(rng, [8, 3, 5], 8, "float64")
    cases.append(case(edge, "mask-float64-seq-mean-token-mean", "float64 inputs and float64 mask, agg \"seq-mean-token-mean\"",
                      "float64 输入和 float64 mask,agg \"seq-mean-token-mean\"",
                      lp, ref, "k3", mask.astype(np.float64), "seq-mean-token-mean"))

    # Holes inside a response (tool output, masked like TRL's tool_mask), mode k2.
    lp, ref, mask = masked_pair(rng, [11, 11, 6], 11, mode="k2")
    mask[0, 3:6] = False
    mask[1, 1] = False
    cases.append(case(edge, "mask-holes-k2", "zeros inside the responses (e.g. tool output), mode \"k2\", agg \"seq-mean-token-mean\"",
                      "回复内部也有被 mask 的位置(例如工具输出),mode \"k2\",agg \"seq-mean-token-mean\"",
                      lp, ref, "k2", mask, "seq-mean-token-mean"))

    # Padding whose log-ratios are huge must not leak into the result (or its gradient).
    lp, ref, mask = masked_pair(rng, [3, 6, 4], 8)
    big_lp, big_ref = large_ratios(rng, (3, 8), "float32")
    lp, ref = np.where(mask, lp, big_lp), np.where(mask, ref, big_ref)
    cases.append(case(edge, "mask-padding-large-ratio", "padding positions hold |log r| up to 30: they must not count",
                      "padding 位置的 |log r| 高达 30:它们不能被计入",
                      lp, ref, "k3", mask, "token-mean"))

    lp, ref, mask = masked_pair(rng, [2, 7, 5, 7], 7)
    cases.append(case(edge, "mask-noncontiguous", "inputs and mask stored transposed, mode \"k1\", agg \"seq-mean-token-sum-norm\"",
                      "输入和 mask 都以转置方式存储,mode \"k1\",agg \"seq-mean-token-sum-norm\"",
                      lp, ref, "k1", mask, "seq-mean-token-sum-norm", layout="transposed"))

    lp, ref = log_prob_pair(rng, (3, 5), "float32")
    cases.append(case(edge, "mask-none-seq-mean-token-sum", "mask=None given explicitly, agg \"seq-mean-token-sum\": every token counts",
                      "显式传入 mask=None,agg \"seq-mean-token-sum\":所有 token 都计入",
                      lp, ref, "k3", None, "seq-mean-token-sum"))

    for bad, cid, with_mask in (("seq-mean", "unknown-agg", True), ("token_mean", "unknown-agg-no-mask", False)):
        lp, ref, mask = masked_pair(rng, [2, 5], 5)
        cases.append(case(edge, cid, f"agg \"{bad}\" is not a known aggregation{'' if with_mask else ' (mask=None)'}: raise ValueError",
                          f"agg \"{bad}\" 不是合法的聚合方式{'' if with_mask else '(mask=None)'}:应抛出 ValueError",
                          lp, ref, "k3", mask if with_mask else None, bad, raises="ValueError"))

    modes = ["k1", "k2", "k3", "biased", "unbiased", "k3"]
    for i, mode in enumerate(modes):
        b, t = int(rng.integers(1, 9)), int(rng.integers(1, 65))
        dtype = "float64" if i % 2 else "float32"
        lp, ref = log_prob_pair(rng, (b, t), dtype)
        desc = f"B={b}, T={t}, {dtype}, mode \"{mode}\""
        cases.append(case(rand, f"random-{i + 1}", f"random {desc}", f"随机 {desc}", lp, ref, mode))

    masked_modes = ["k3", "k1", "k2", "unbiased", "k3", "k2", "biased", "k3"]
    for i, mode in enumerate(masked_modes):
        b, t = int(rng.integers(2, 9)), int(rng.integers(2, 65))
        dtype = "float64" if i % 2 else "float32"
        agg = AGGS[i % len(AGGS)]
        lengths = rng.integers(1, t + 1, size=b)
        lp, ref = log_prob_pair(rng, (b, t), dtype)
        mask = response_mask(lengths, t)
        kind = "bool" if i < 4 else dtype
        if kind != "bool":
            mask = mask.astype(dtype)
        desc = f"B={b}, T={t}, {dtype}, mode \"{mode}\", {kind} mask, agg \"{agg}\""
        cases.append(case(rand, f"random-masked-{i + 1}", f"random {desc}", f"随机 {desc}", lp, ref, mode, mask, agg))
    return cases
