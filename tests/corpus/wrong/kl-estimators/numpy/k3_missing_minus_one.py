# sftkl: problem=kl-estimators track=numpy
"""k3 forgets the -1: r - log r (off by exactly 1); k1 and k2 are right."""
import numpy as np


def kl_k1(log_p, log_q):
    return np.mean(np.asarray(log_p) - np.asarray(log_q))


def kl_k2(log_p, log_q):
    lr = np.asarray(log_q) - np.asarray(log_p)
    return np.mean(0.5 * lr ** 2)


def kl_k3(log_p, log_q):
    lr = np.asarray(log_q) - np.asarray(log_p)
    return np.mean(np.exp(lr) - lr)
