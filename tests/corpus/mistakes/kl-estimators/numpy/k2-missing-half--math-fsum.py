# sftkl: problem=kl-estimators track=numpy
"""math.fsum over Python floats; k2 accumulates x * x without the factor 0.5."""
import math

import numpy as np


def _log_r(log_p, log_q):
    p = np.asarray(log_p, dtype=np.float64).ravel().tolist()
    q = np.asarray(log_q, dtype=np.float64).ravel().tolist()
    return [b - a for a, b in zip(p, q)]


def kl_k1(log_p, log_q):
    v = _log_r(log_p, log_q)
    return math.fsum(-x for x in v) / len(v)


def kl_k2(log_p, log_q):
    v = _log_r(log_p, log_q)
    return math.fsum(x * x for x in v) / len(v)


def kl_k3(log_p, log_q):
    v = _log_r(log_p, log_q)
    return math.fsum(math.expm1(x) - x for x in v) / len(v)
