# sftkl: problem=kl-estimators track=numpy
"""Right estimates rounded to Python ints with int(round(...))."""
import numpy as np


def kl_k1(log_p, log_q):
    return int(round(float(np.mean(np.asarray(log_p) - np.asarray(log_q)))))


def kl_k2(log_p, log_q):
    lr = np.asarray(log_q) - np.asarray(log_p)
    return int(round(float(np.mean(0.5 * lr ** 2))))


def kl_k3(log_p, log_q):
    lr = np.asarray(log_q) - np.asarray(log_p)
    return int(round(float(np.mean(np.expm1(lr) - lr))))
