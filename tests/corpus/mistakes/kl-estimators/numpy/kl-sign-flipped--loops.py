# sftkl: problem=kl-estimators track=numpy
"""Python loops; k1 accumulates log_q - log_p."""
import numpy as np


def _pairs(log_p, log_q):
    a = np.asarray(log_p, dtype=np.float64).ravel()
    b = np.asarray(log_q, dtype=np.float64).ravel()
    return list(zip(a.tolist(), b.tolist()))


def kl_k1(log_p, log_q):
    pairs = _pairs(log_p, log_q)
    total = 0.0
    for lp, lq in pairs:
        total += lq - lp
    return total / len(pairs)


def kl_k2(log_p, log_q):
    pairs = _pairs(log_p, log_q)
    total = 0.0
    for lp, lq in pairs:
        total += 0.5 * (lq - lp) ** 2
    return total / len(pairs)


def kl_k3(log_p, log_q):
    pairs = _pairs(log_p, log_q)
    total = 0.0
    for lp, lq in pairs:
        lr = lq - lp
        total += np.exp(lr) - 1.0 - lr
    return total / len(pairs)
