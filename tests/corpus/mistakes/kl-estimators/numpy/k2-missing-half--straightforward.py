# sftkl: problem=kl-estimators track=numpy
"""Straightforward vectorized estimators on log r = log_q - log_p, but k2 = mean((log r)^2) without the 1/2."""
import numpy as np


def kl_k1(log_p, log_q):
    log_r = np.asarray(log_q) - np.asarray(log_p)
    return np.mean(-log_r)


def kl_k2(log_p, log_q):
    log_r = np.asarray(log_q) - np.asarray(log_p)
    return np.mean(log_r ** 2)


def kl_k3(log_p, log_q):
    log_r = np.asarray(log_q) - np.asarray(log_p)
    return np.mean(np.expm1(log_r) - log_r)
