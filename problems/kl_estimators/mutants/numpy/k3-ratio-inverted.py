# sftkl: problem=kl-estimators track=numpy
"""k3 = mean(exp(log_p - log_q) - 1 - (log_p - log_q)) (ratio p/q instead of q/p)."""
import numpy as np


def kl_k1(log_p, log_q):
    return np.mean(np.asarray(log_p) - np.asarray(log_q))


def kl_k2(log_p, log_q):
    log_r = np.asarray(log_q) - np.asarray(log_p)
    return np.mean(0.5 * log_r ** 2)


def kl_k3(log_p, log_q):
    d = np.asarray(log_p) - np.asarray(log_q)
    return np.mean(np.exp(d) - 1 - d)
