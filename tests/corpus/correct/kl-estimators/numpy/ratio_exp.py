# sftkl: problem=kl-estimators track=numpy
"""Builds the ratio r = np.exp(log_q - log_p) and writes each estimator in terms of r."""
import numpy as np


def _ratio(log_p, log_q):
    return np.exp(np.asarray(log_q, dtype=np.float64) - np.asarray(log_p, dtype=np.float64))


def kl_k1(log_p, log_q):
    r = _ratio(log_p, log_q)
    return float(np.mean(-np.log(r)))


def kl_k2(log_p, log_q):
    r = _ratio(log_p, log_q)
    return float(np.mean(0.5 * np.log(r) ** 2))


def kl_k3(log_p, log_q):
    r = _ratio(log_p, log_q)
    return float(np.mean((r - 1.0) - np.log(r)))
