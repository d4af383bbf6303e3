# sftkl: problem=kl-estimators track=numpy
"""Ratio-based estimators but k1 = mean(log r) instead of mean(-log r)."""
import numpy as np


def _ratio(log_p, log_q):
    return np.exp(np.asarray(log_q, dtype=np.float64) - np.asarray(log_p, dtype=np.float64))


def kl_k1(log_p, log_q):
    r = _ratio(log_p, log_q)
    return float(np.mean(np.log(r)))


def kl_k2(log_p, log_q):
    r = _ratio(log_p, log_q)
    return float(np.mean(0.5 * np.log(r) ** 2))


def kl_k3(log_p, log_q):
    r = _ratio(log_p, log_q)
    return float(np.mean((r - 1.0) - np.log(r)))
