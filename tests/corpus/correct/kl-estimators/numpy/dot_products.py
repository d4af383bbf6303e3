# sftkl: problem=kl-estimators track=numpy
"""On ravel()ed log r: k1 = -sum / size, k2 = np.dot(log_r, log_r) / (2 n), k3 with np.expm1."""
import numpy as np


def _log_r(log_p, log_q):
    return (np.asarray(log_q) - np.asarray(log_p)).ravel()


def kl_k1(log_p, log_q):
    lr = _log_r(log_p, log_q)
    return -lr.sum() / lr.size


def kl_k2(log_p, log_q):
    lr = _log_r(log_p, log_q)
    return np.dot(lr, lr) / (2 * lr.size)


def kl_k3(log_p, log_q):
    lr = _log_r(log_p, log_q)
    return np.sum(np.expm1(lr) - lr) / lr.size
