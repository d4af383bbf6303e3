# sftkl: problem=kl-estimators track=numpy
"""expm1 form of k3 applied to log_p - log_q (inverted ratio)."""
import numpy as np


def kl_k1(log_p, log_q):
    return np.mean(np.subtract(log_p, log_q))


def kl_k2(log_p, log_q):
    return np.mean(np.square(np.subtract(log_p, log_q))) / 2


def kl_k3(log_p, log_q):
    lr = np.subtract(log_p, log_q)
    return np.mean(np.expm1(lr) - lr)
