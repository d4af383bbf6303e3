# sftkl: problem=kl-estimators track=numpy
"""np.subtract for log r in the input dtype, np.mean(..., dtype=np.float64) accumulators; k3 = exp(lr) - 1 - lr."""
import numpy as np


def kl_k1(log_p, log_q):
    lr = np.subtract(log_q, log_p)
    return np.mean(-lr, dtype=np.float64)


def kl_k2(log_p, log_q):
    lr = np.subtract(log_q, log_p)
    return np.mean(0.5 * lr ** 2, dtype=np.float64)


def kl_k3(log_p, log_q):
    lr = np.subtract(log_q, log_p)
    return np.mean(np.exp(lr) - 1 - lr, dtype=np.float64)
