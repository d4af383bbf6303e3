# sftkl: problem=kl-estimators track=numpy
"""Straightforward estimators but k1 = mean(log_q - log_p)."""
import numpy as np


def kl_k1(log_p, log_q):
    return np.mean(np.asarray(log_q) - np.asarray(log_p))


def kl_k2(log_p, log_q):
    log_r = np.asarray(log_q) - np.asarray(log_p)
    return np.mean(0.5 * log_r ** 2)


def kl_k3(log_p, log_q):
    log_r = np.asarray(log_q) - np.asarray(log_p)
    return np.mean((np.exp(log_r) - 1.0) - log_r)
