# sftkl: problem=kl-estimators track=numpy
"""k2 uses 0.5 * |log r| instead of 0.5 * (log r)^2; k1 and k3 are right."""
import numpy as np


def kl_k1(log_p, log_q):
    return np.mean(np.asarray(log_p) - np.asarray(log_q))


def kl_k2(log_p, log_q):
    lr = np.asarray(log_q) - np.asarray(log_p)
    return np.mean(0.5 * np.abs(lr))


def kl_k3(log_p, log_q):
    lr = np.asarray(log_q) - np.asarray(log_p)
    return np.mean(np.expm1(lr) - lr)
