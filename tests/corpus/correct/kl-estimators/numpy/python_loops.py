# sftkl: problem=kl-estimators track=numpy
"""Pure python loops over flattened samples with math-style accumulation."""
import numpy as np


def _pairs(log_p, log_q):
    a = np.asarray(log_p, dtype=np.float64).ravel()
    b = np.asarray(log_q, dtype=np.float64).ravel()
    return list(zip(a.tolist(), b.tolist()))


def kl_k1(log_p, log_q):
    pairs = _pairs(log_p, log_q)
    total = 0.0
    for lp, lq in pairs:
        total += lp - lq
    return total / len(pairs)


def kl_k2(log_p, log_q):
    pairs = _pairs(log_p, log_q)
    total = 0.0
    for lp, lq in pairs:
        lr = lq - lp
        total += 0.5 * lr * lr
    return total / len(pairs)


def kl_k3(log_p, log_q):
    pairs = _pairs(log_p, log_q)
    total = 0.0
    for lp, lq in pairs:
        lr = lq - lp
        total += (np.exp(lr) - 1.0) - lr
    return total / len(pairs)
