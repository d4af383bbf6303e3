# sftkl: problem=kl-estimators track=numpy
"""k3 takes np.log2 of the ratio: (r - 1) - log2(r); k1 and k2 are right."""
import numpy as np


def kl_k1(log_p, log_q):
    return np.mean(np.asarray(log_p) - np.asarray(log_q))


def kl_k2(log_p, log_q):
    lr = np.asarray(log_q) - np.asarray(log_p)
    return np.mean(0.5 * lr ** 2)


def kl_k3(log_p, log_q):
    r = np.exp(np.asarray(log_q, dtype=np.float64) - np.asarray(log_p, dtype=np.float64))
    return np.mean((r - 1) - np.log2(r))
