# sftkl: problem=kl-estimators track=numpy
"""k2 as the mean of (log r)² (no ½); k1 and k3 right."""
import numpy as np


def kl_k1(log_p, log_q):
    return float(np.mean(log_p - log_q))


def kl_k2(log_p, log_q):
    return float(np.mean((log_q - log_p) ** 2))


def kl_k3(log_p, log_q):
    log_r = log_q - log_p
    return float(np.mean(np.expm1(log_r) - log_r))
