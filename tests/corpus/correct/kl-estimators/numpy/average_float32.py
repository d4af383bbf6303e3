# sftkl: problem=kl-estimators track=numpy
"""Casts to float32 and averages with np.average; k3 = (r - 1) - log r with r = np.exp(log r)."""
import numpy as np


def _log_r(log_p, log_q):
    return np.asarray(log_q, dtype=np.float32) - np.asarray(log_p, dtype=np.float32)


def kl_k1(log_p, log_q):
    return np.average(-_log_r(log_p, log_q))


def kl_k2(log_p, log_q):
    lr = _log_r(log_p, log_q)
    return 0.5 * np.average(lr * lr)


def kl_k3(log_p, log_q):
    lr = _log_r(log_p, log_q)
    r = np.exp(lr)
    return np.average((r - 1) - lr)
