"""Models of the known kl-estimators mistakes, for diagnosis in the grading process.

Each model runs on the case's inputs in the case's own dtype. A mistake models
only the calls it changes; the engine skips the other calls, whose results
must then simply be correct.
"""

from __future__ import annotations

import numpy as np


def k1_sign_flipped(log_p, log_q):
    """k1 = mean(log_q - log_p) = mean(log r): estimates -KL."""
    return np.mean(np.asarray(log_q) - np.asarray(log_p))


def k3_ratio_inverted(log_p, log_q):
    """k3 with r = p/q (the course page): mean(exp(log_p - log_q) - 1 - (log_p - log_q))."""
    d = np.asarray(log_p) - np.asarray(log_q)
    return np.mean(np.exp(d) - 1 - d)


def k2_missing_half(log_p, log_q):
    """k2 = mean((log r)²), without the ½: twice the estimate."""
    d = np.asarray(log_q) - np.asarray(log_p)
    return np.mean(d * d)


MODELS = {
    "kl-sign-flipped": {"numpy": {"kl_k1": k1_sign_flipped}},
    "k3-ratio-inverted": {"numpy": {"kl_k3": k3_ratio_inverted}},
    "k2-missing-half": {"numpy": {"kl_k2": k2_missing_half}},
}
