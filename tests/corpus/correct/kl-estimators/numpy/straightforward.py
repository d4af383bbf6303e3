# sftkl: problem=kl-estimators track=numpy
"""Straightforward vectorized estimators on log r = log_q - log_p."""
import numpy as np


def kl_k1(log_p, log_q):
    log_r = np.asarray(log_q) - np.asarray(log_p)
    return np.mean(-log_r)


def kl_k2(log_p, log_q):
    log_r = np.asarray(log_q) - np.asarray(log_p)
    return np.mean(0.5 * log_r ** 2)


def kl_k3(log_p, log_q):
    log_r = np.asarray(log_q) - np.asarray(log_p)
    return np.mean((np.exp(log_r) - 1.0) - log_r)
