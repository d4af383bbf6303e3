# sftkl: problem=kl-estimators track=numpy
"""All three return the per-sample values instead of their mean."""
import numpy as np


def kl_k1(log_p, log_q):
    return np.asarray(log_p) - np.asarray(log_q)


def kl_k2(log_p, log_q):
    lr = np.asarray(log_q) - np.asarray(log_p)
    return 0.5 * lr ** 2


def kl_k3(log_p, log_q):
    lr = np.asarray(log_q) - np.asarray(log_p)
    return np.expm1(lr) - lr
