# sftkl: problem=kl-estimators track=numpy
"""Upcasts to float64 and uses np.average; k3 written as r - log(r) - 1."""
import numpy as np


def kl_k1(log_p, log_q):
    lp = np.asarray(log_p, np.float64)
    lq = np.asarray(log_q, np.float64)
    return np.average(lp - lq)


def kl_k2(log_p, log_q):
    lp = np.asarray(log_p, np.float64)
    lq = np.asarray(log_q, np.float64)
    return np.average((lq - lp) ** 2) * 0.5


def kl_k3(log_p, log_q):
    lp = np.asarray(log_p, np.float64)
    lq = np.asarray(log_q, np.float64)
    log_r = lq - lp
    return np.average(np.exp(log_r) - log_r - 1.0)
