"""Cases for kl-estimators: for each of kl_k1, kl_k2, kl_k3, named edge cases plus seeded random ones."""

from __future__ import annotations

import numpy as np

from sftkl.graders.casekit import Arr, edge, log_prob_pair, log_probs, rand

CALLS = ("kl_k1", "kl_k2", "kl_k3")


def large_ratios(rng, n, dtype):
    """|log r| up to 30, both signs, with log_p and log_q valid log-probabilities (<= 0)."""
    lr = np.concatenate([[-30.0, -20.0, 20.0, 30.0], rng.uniform(-30.0, 30.0, n - 4)])
    base = -np.abs(rng.standard_normal(n)) * 0.5 - 1e-3
    log_p = np.where(lr < 0, base, base - lr)   # the larger of the two is `base`
    log_q = log_p + lr
    # round to the case's dtype first, so the reference sees exactly the inputs the candidate gets
    return log_p.astype(dtype), log_q.astype(dtype)


def build_cases(track: str, rng: np.random.Generator):
    cases = []
    for call in CALLS:
        k = call[-2:]  # "k1", "k2", "k3"

        lp = log_probs(rng, (12,), 1.5)
        cases.append(edge(f"{k}-equal", "log_p == log_q: the estimate is exactly 0",
                          "log_p == log_q:估计值恰好为 0", call, Arr(lp), Arr(lp.copy())))

        lp, lq = large_ratios(rng, 16, "float64")
        cases.append(edge(f"{k}-large-ratio", "large log-ratios |log r| up to 30 (r up to e^30), float64",
                          "很大的对数比,|log r| 最大为 30(r 最大为 e^30),float64", call, Arr(lp), Arr(lq)))

        lp, lq = large_ratios(rng, 16, "float32")
        cases.append(edge(f"{k}-large-ratio-float32", "large log-ratios |log r| up to 30, float32",
                          "很大的对数比,|log r| 最大为 30,float32", call, Arr(lp), Arr(lq)))

        lp = np.array([-0.25])
        lq = np.array([-2.5])
        cases.append(edge(f"{k}-single-sample", "a single sample: log_p = [-0.25], log_q = [-2.5]",
                          "只有一个样本:log_p = [-0.25],log_q = [-2.5]", call, Arr(lp), Arr(lq)))

        lp, lq = log_prob_pair(rng, (4, 7), "float64")
        cases.append(edge(f"{k}-two-d", "2-D inputs [4, 7]: the mean runs over every entry",
                          "二维输入 [4, 7]:对所有元素取平均", call, Arr(lp), Arr(lq)))

        lp, lq = log_prob_pair(rng, (64,), "float32")
        cases.append(edge(f"{k}-float32", "float32 inputs", "float32 输入", call, Arr(lp), Arr(lq)))

        for i in range(2):
            n = int(rng.integers(8, 400))
            dtype = "float64" if i % 2 else "float32"
            lp, lq = log_prob_pair(rng, (n,), dtype)
            cases.append(rand(f"{k}-random-{i + 1}", f"random n={n}, {dtype}", f"随机 n={n},{dtype}",
                              call, Arr(lp), Arr(lq)))
    return cases
