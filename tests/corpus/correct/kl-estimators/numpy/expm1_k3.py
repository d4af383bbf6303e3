# sftkl: problem=kl-estimators track=numpy
"""k3 via np.expm1(log_r) - log_r; k1/k2 written on log_p - log_q."""
import numpy as np


def kl_k1(log_p, log_q):
    return np.mean(np.subtract(log_p, log_q))


def kl_k2(log_p, log_q):
    d = np.subtract(log_p, log_q)
    return np.mean(np.square(d)) / 2


def kl_k3(log_p, log_q):
    lr = np.subtract(log_q, log_p)
    return np.mean(np.expm1(lr) - lr)
