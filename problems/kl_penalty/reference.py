"""Hidden float64 reference for kl-penalty (runs only in the grading process)."""

from __future__ import annotations

import numpy as np

MODES = {"k1": "k1", "biased": "k1", "k2": "k2", "k3": "k3", "unbiased": "k3"}


def _kind(mode):
    if mode not in MODES:
        raise ValueError(f"unknown KL mode {mode!r}")
    return MODES[mode]


def per_token(log_probs, ref_log_probs, mode="k3"):
    """Per-token k1 / k2 / k3 in the inputs' own dtype (the mistake models reuse it)."""
    kind = _kind(mode)
    log_r = np.asarray(ref_log_probs) - np.asarray(log_probs)
    if kind == "k1":
        return -log_r
    if kind == "k2":
        return 0.5 * log_r**2
    return np.expm1(log_r) - log_r


def kl_penalty(log_probs, ref_log_probs, mode="k3"):
    lp = np.asarray(log_probs, dtype=np.float64)
    ref = np.asarray(ref_log_probs, dtype=np.float64)
    return float(np.mean(per_token(lp, ref, mode)))


def kl_penalty_grad(log_probs, ref_log_probs, mode="k3", cotangent=None):
    """d mean / d log_probs: k1 -> 1/n, k2 -> (lp - ref)/n, k3 -> (1 - exp(ref - lp))/n."""
    kind = _kind(mode)
    lp = np.asarray(log_probs, dtype=np.float64)
    ref = np.asarray(ref_log_probs, dtype=np.float64)
    n = lp.size
    if kind == "k1":
        g = np.ones_like(lp)
    elif kind == "k2":
        g = lp - ref
    else:
        g = -np.expm1(ref - lp)
    scale = 1.0 if cotangent is None else float(cotangent)
    return {0: g / n * scale}


REFERENCE = {"torch": {"kl_penalty": kl_penalty}}
GRADIENT = {"torch": {"kl_penalty": kl_penalty_grad}}
