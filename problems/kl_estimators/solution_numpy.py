# sftkl: problem=kl-estimators track=numpy
import numpy as np

# Samples come from p, so the ratio is the other distribution over the sampling
# one: r = q / p, log r = log_q - log_p, and E_p[r] = 1 (Schulman, 2020).


def _log_ratio(log_p, log_q):
    return np.asarray(log_q) - np.asarray(log_p)


def kl_k1(log_p, log_q):
    # -log r = log p - log q: the definition of KL(p || q), averaged. Unbiased, high variance.
    return np.mean(-_log_ratio(log_p, log_q))


def kl_k2(log_p, log_q):
    # ½ (log r)^2: never negative, low variance, but biased.
    log_r = _log_ratio(log_p, log_q)
    return np.mean(0.5 * log_r**2)


def kl_k3(log_p, log_q):
    # (r - 1) - log r: k1 plus the zero-mean control variate r - 1. Unbiased, low
    # variance, >= 0 since log r <= r - 1. expm1 avoids cancellation when r ~ 1.
    log_r = _log_ratio(log_p, log_q)
    return np.mean(np.expm1(log_r) - log_r)
