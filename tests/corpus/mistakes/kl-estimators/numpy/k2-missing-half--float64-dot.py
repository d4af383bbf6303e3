# sftkl: problem=kl-estimators track=numpy
"""Float64 ravel()ed log r; k2 = np.dot(log_r, log_r) / n (the 2 in the denominator is missing)."""
import numpy as np


def _log_r(log_p, log_q):
    return (np.asarray(log_q, dtype=np.float64) - np.asarray(log_p, dtype=np.float64)).ravel()


def kl_k1(log_p, log_q):
    lr = _log_r(log_p, log_q)
    return float(-lr.sum() / lr.size)


def kl_k2(log_p, log_q):
    lr = _log_r(log_p, log_q)
    return float(np.dot(lr, lr) / lr.size)


def kl_k3(log_p, log_q):
    lr = _log_r(log_p, log_q)
    return float(np.mean(np.exp(lr) - 1.0 - lr))
