# sftkl: problem=kl-estimators track=numpy
"""k1 adds 1e-3 to the mean (a misplaced epsilon); k2 and k3 are right."""
import numpy as np


def kl_k1(log_p, log_q):
    return np.mean(np.asarray(log_p) - np.asarray(log_q)) + 1e-3


def kl_k2(log_p, log_q):
    lr = np.asarray(log_q) - np.asarray(log_p)
    return np.mean(0.5 * lr ** 2)


def kl_k3(log_p, log_q):
    lr = np.asarray(log_q) - np.asarray(log_p)
    return np.mean(np.expm1(lr) - lr)
