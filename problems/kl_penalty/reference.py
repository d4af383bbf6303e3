"""Hidden float64 reference for kl-penalty (runs only in the grading process).

kl_penalty(log_probs, ref_log_probs, mode="k3", mask=None, agg="token-mean"):
per-token k1 / k2 / k3 with log r = ref_log_probs - log_probs, aggregated under a
0/1 response mask with verl's loss_agg_mode names. Nothing kept gives 0 (and a
zero gradient) in every mode. Values are unclamped.
"""

from __future__ import annotations

import numpy as np

from sftkl.graders.aggregation import AGGS, aggregate, check_agg, weights  # verl's modes, shared with grpo-loss

MODES = {"k1": "k1", "biased": "k1", "k2": "k2", "k3": "k3", "unbiased": "k3"}


def _kind(mode):
    if not isinstance(mode, str) or mode not in MODES:
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



def kl_penalty(log_probs, ref_log_probs, mode="k3", mask=None, agg="token-mean"):
    lp = np.asarray(log_probs, dtype=np.float64)
    ref = np.asarray(ref_log_probs, dtype=np.float64)
    check_agg(agg)
    return float(aggregate(per_token(lp, ref, mode), mask, agg))


def kl_penalty_grad(log_probs, ref_log_probs, mode="k3", mask=None, agg="token-mean", cotangent=None):
    """d value / d log_probs = (d per-token / d log_probs) * weight: k1 -> 1, k2 -> lp - ref, k3 -> 1 - exp(ref - lp)."""
    kind = _kind(mode)
    lp = np.asarray(log_probs, dtype=np.float64)
    ref = np.asarray(ref_log_probs, dtype=np.float64)
    if kind == "k1":
        g = np.ones_like(lp)
    elif kind == "k2":
        g = lp - ref
    else:
        g = -np.expm1(ref - lp)
    w = weights(lp.shape, mask, agg)
    scale = 1.0 if cotangent is None else float(cotangent)
    return {0: np.where(w != 0, g, 0.0) * w * scale}


REFERENCE = {"torch": {"kl_penalty": kl_penalty}}
GRADIENT = {"torch": {"kl_penalty": kl_penalty_grad}}
