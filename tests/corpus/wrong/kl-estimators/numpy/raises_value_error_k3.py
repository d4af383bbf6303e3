# sftkl: problem=kl-estimators track=numpy
"""k1 and k2 are right; k3 raises ValueError on a bogus "inputs must be probabilities" check."""
import numpy as np


def kl_k1(log_p, log_q):
    return np.mean(np.asarray(log_p) - np.asarray(log_q))


def kl_k2(log_p, log_q):
    lr = np.asarray(log_q) - np.asarray(log_p)
    return np.mean(0.5 * lr ** 2)


def kl_k3(log_p, log_q):
    if np.any(np.asarray(log_p) <= 0):
        raise ValueError("kl_k3 expects probabilities, not log-probabilities")
    lr = np.log(log_q) - np.log(log_p)
    return np.mean(np.expm1(lr) - lr)
