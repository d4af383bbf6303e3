# sftkl: problem=kl-estimators track=numpy
"""Upcasts both inputs to float64, np.mean, and returns Python floats; k3 via np.expm1."""
import numpy as np


def _log_r(log_p, log_q):
    return np.asarray(log_q, dtype=np.float64) - np.asarray(log_p, dtype=np.float64)


def kl_k1(log_p, log_q):
    return float(np.mean(-_log_r(log_p, log_q)))


def kl_k2(log_p, log_q):
    return float(np.mean(0.5 * np.square(_log_r(log_p, log_q))))


def kl_k3(log_p, log_q):
    lr = _log_r(log_p, log_q)
    return float(np.mean(np.expm1(lr) - lr))
