"""Cases for kl-penalty: every mode (aliases and the default included), edge cases, random ones.

The gradient w.r.t. log_probs is checked on every case that returns a value
(the output is a scalar, so no cotangent is needed); ref_log_probs is a
constant, as a frozen reference model's output is.
"""

from __future__ import annotations

import numpy as np

from sftkl.graders.casekit import Arr, edge, log_prob_pair, log_probs, rand

CALL = "kl_penalty"


def large_ratios(rng, shape, dtype):
    """|log r| up to 30 per token, both signs, every entry a valid log-probability (<= 0)."""
    n = int(np.prod(shape))
    lr = np.concatenate([[-30.0, -20.0, 20.0, 30.0], rng.uniform(-30.0, 30.0, n - 4)])
    rng.shuffle(lr)
    base = -np.abs(rng.standard_normal(n)) * 0.5 - 1e-3
    lp = np.where(lr < 0, base, base - lr)
    ref = lp + lr
    return lp.reshape(shape).astype(dtype), ref.reshape(shape).astype(dtype)


def build_cases(track: str, rng: np.random.Generator):
    def case(maker, id, en, zh, lp, ref, *mode, layout="contiguous", **kw):
        return maker(id, en, zh, CALL, Arr(lp, layout=layout, grad=not kw.get("raises")),
                     Arr(ref, layout=layout), *mode, **kw)

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

    for mode in ("k1", "k2", "k3"):
        lp = log_probs(rng, (2, 6), 1.5, "float32")
        cases.append(case(edge, f"equal-{mode}", f"log_probs == ref_log_probs, mode \"{mode}\": the penalty is 0",
                          f"log_probs == ref_log_probs,mode \"{mode}\":惩罚为 0", lp, lp.copy(), mode))

    for mode in ("k1", "k2", "k3"):
        lp, ref = large_ratios(rng, (2, 10), "float64")
        cases.append(case(edge, f"large-ratio-{mode}",
                          f"large log-ratios |log r| up to 30, float64, mode \"{mode}\"",
                          f"很大的对数比,|log r| 最大为 30,float64,mode \"{mode}\"", lp, ref, mode))
    lp, ref = large_ratios(rng, (2, 10), "float32")
    cases.append(case(edge, "large-ratio-k3-float32", "large log-ratios |log r| up to 30, float32, mode \"k3\"",
                      "很大的对数比,|log r| 最大为 30,float32,mode \"k3\"", lp, ref, "k3"))

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

    modes = ["k1", "k2", "k3", "biased", "unbiased", "k3"]
    for i, mode in enumerate(modes):
        b, t = int(rng.integers(1, 9)), int(rng.integers(1, 65))
        dtype = "float64" if i % 2 else "float32"
        lp, ref = log_prob_pair(rng, (b, t), dtype)
        desc = f"B={b}, T={t}, {dtype}, mode \"{mode}\""
        cases.append(case(rand, f"random-{i + 1}", f"random {desc}", f"随机 {desc}", lp, ref, mode))
    return cases
