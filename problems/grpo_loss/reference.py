"""Hidden float64 reference for grpo-loss (runs only in the grading process).

grpo_loss(log_probs, old_log_probs, ref_log_probs, advantages, mask, beta=0.04,
clip_eps=0.2, agg="token-mean"): per token, the clipped surrogate
-min(r·A, clip(r, 1 - ε, 1 + ε)·A) with r = exp(log_probs - old_log_probs) and the
sequence's advantage A broadcast over its tokens, plus β·k3 with k3 = exp(ref - logp)
- (ref - logp) - 1; masked and aggregated with kl-penalty's four modes and its
empty-row rule (`weights`, from graders/aggregation.py, which both packs share). Nothing kept gives 0 with a zero gradient. With beta == 0 the reference
log-probs are not used (they may be None).
"""

from __future__ import annotations

import numpy as np

from sftkl.graders.aggregation import AGGS, aggregate, check_agg, weights  # verl's modes, shared with kl-penalty

__all__ = ["AGGS", "check_agg", "weights", "ratio", "per_seq", "policy_term", "k3", "aggregate", "grpo_loss", "grpo_loss_grad"]


def ratio(log_probs, old_log_probs):
    return np.exp(np.asarray(log_probs) - np.asarray(old_log_probs))


def per_seq(advantages, shape):
    """[B] advantages broadcast over each sequence's tokens: [B, T]."""
    a = np.asarray(advantages)
    return np.broadcast_to(a.reshape(-1, 1), shape)


def policy_term(log_probs, old_log_probs, adv_tokens, clip_eps):
    """-min(r·A, clip(r, 1 - ε, 1 + ε)·A) per token, A already [B, T]."""
    r = ratio(log_probs, old_log_probs)
    return -np.minimum(r * adv_tokens, np.clip(r, 1 - clip_eps, 1 + clip_eps) * adv_tokens)


def k3(log_probs, ref_log_probs):
    """exp(ref - logp) - (ref - logp) - 1, unclamped (TRL's per_token_kl)."""
    d = np.asarray(ref_log_probs) - np.asarray(log_probs)
    return np.expm1(d) - d


def grpo_loss(log_probs, old_log_probs, ref_log_probs, advantages, mask, beta=0.04, clip_eps=0.2, agg="token-mean"):
    check_agg(agg)
    lp = np.asarray(log_probs, dtype=np.float64)
    old = np.asarray(old_log_probs, dtype=np.float64)
    adv = per_seq(np.asarray(advantages, dtype=np.float64), lp.shape)
    x = policy_term(lp, old, adv, clip_eps)
    if beta != 0:
        x = x + beta * k3(lp, np.asarray(ref_log_probs, dtype=np.float64))
    return float(aggregate(x, mask, agg))


def grpo_loss_grad(log_probs, old_log_probs, ref_log_probs, advantages, mask, beta=0.04, clip_eps=0.2,
                   agg="token-mean", cotangent=None):
    """d loss / d log_probs = w · (d policy term + β · d k3).

    The policy term is -r·A where the unclipped branch is the min (r·A <= clip(r)·A), so its
    derivative is -A·r there and 0 where the clipped branch wins (r outside [1 - ε, 1 + ε]
    on the side A favours). d k3 / d logp = 1 - exp(ref - logp). The weights w of the
    aggregation are the gradient of the sum, 0 on every masked token.
    """
    lp = np.asarray(log_probs, dtype=np.float64)
    old = np.asarray(old_log_probs, dtype=np.float64)
    adv = per_seq(np.asarray(advantages, dtype=np.float64), lp.shape)
    r = np.exp(lp - old)
    unclipped = r * adv <= np.clip(r, 1 - clip_eps, 1 + clip_eps) * adv
    g = np.where(unclipped, -adv * r, 0.0)
    if beta != 0:
        g = g - beta * np.expm1(np.asarray(ref_log_probs, dtype=np.float64) - lp)
    w = weights(lp.shape, mask, agg)
    scale = 1.0 if cotangent is None else float(cotangent)
    return {0: np.where(w != 0, g, 0.0) * w * scale}


REFERENCE = {"torch": {"grpo_loss": grpo_loss}}
GRADIENT = {"torch": {"grpo_loss": grpo_loss_grad}}
