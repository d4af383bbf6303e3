# sftkl: problem=kl-estimators track=numpy
"""Python loops; k3 uses r = p/q = exp(lp - lq)."""
import numpy as np


def _pairs(log_p, log_q):
    a = np.asarray(log_p, dtype=np.float64).ravel()
    b = np.asarray(log_q, dtype=np.float64).ravel()
    return list(zip(a.tolist(), b.tolist()))


def kl_k1(log_p, log_q):
    pairs = _pairs(log_p, log_q)
    return sum(lp - lq for lp, lq in pairs) / len(pairs)


def kl_k2(log_p, log_q):
    pairs = _pairs(log_p, log_q)
    return sum(0.5 * (lq - lp) ** 2 for lp, lq in pairs) / len(pairs)


def kl_k3(log_p, log_q):
    pairs = _pairs(log_p, log_q)
    total = 0.0
    for lp, lq in pairs:
        r = np.exp(lp - lq)
        total += r - 1.0 - np.log(r)
    return total / len(pairs)
