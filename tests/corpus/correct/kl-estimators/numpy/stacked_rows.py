# sftkl: problem=kl-estimators track=numpy
"""One helper stacks the three per-sample estimators (float64) and averages each row; each function picks its row."""
import numpy as np


def _all(log_p, log_q):
    lr = (np.asarray(log_q, dtype=np.float64) - np.asarray(log_p, dtype=np.float64)).reshape(-1)
    per_sample = np.stack([-lr, 0.5 * lr ** 2, np.expm1(lr) - lr])
    return per_sample.mean(axis=1)


def kl_k1(log_p, log_q):
    return _all(log_p, log_q)[0]


def kl_k2(log_p, log_q):
    return _all(log_p, log_q)[1]


def kl_k3(log_p, log_q):
    return _all(log_p, log_q)[2]
