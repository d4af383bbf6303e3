"""Hidden float64 reference for ppo-policy-loss (runs only in the grading process).

ppo_policy_loss(log_probs, old_log_probs, advantages, mask, clip_low=0.2, clip_high=0.2, dual_clip=None):
r = exp(log_probs - old_log_probs); per token max(-A·r, -A·clip(r, 1 - clip_low, 1 + clip_high)),
and with dual_clip = c (> 1) min(that, -A·c) where A < 0; the token-mean over the mask
(0 with a zero gradient when nothing is kept). Unclamped log-ratio (the cases keep
|log r| far below verl's and OpenRLHF's ±20 clamp).
"""

from __future__ import annotations

import numpy as np


def check_dual_clip(dual_clip):
    if dual_clip is not None and not dual_clip > 1.0:
        raise ValueError(f"dual_clip must be > 1, got {dual_clip!r}")


def ratio(log_probs, old_log_probs):
    return np.exp(np.asarray(log_probs) - np.asarray(old_log_probs))


def per_token(r, advantages, clip_low=0.2, clip_high=0.2, dual_clip=None):
    """Per-token clipped loss from the ratio r (the mistake models reuse it)."""
    a = np.asarray(advantages)
    unclipped = -a * r
    clipped = -a * np.clip(r, 1.0 - clip_low, 1.0 + clip_high)
    loss = np.maximum(unclipped, clipped)  # pessimistic: the larger loss
    if dual_clip is not None:
        loss = np.where(a < 0, np.minimum(loss, -a * dual_clip), loss)
    return loss


def kept(mask):
    return (np.asarray(mask) != 0).astype(np.float64)


def token_mean(x, mask):
    """Σ x·m / max(Σ m, 1); a masked token counts 0 whatever its value."""
    m = kept(mask)
    return np.sum(np.where(m != 0, x, 0.0)) / max(m.sum(), 1.0)


def ppo_policy_loss(log_probs, old_log_probs, advantages, mask, clip_low=0.2, clip_high=0.2, dual_clip=None):
    check_dual_clip(dual_clip)
    lp = np.asarray(log_probs, dtype=np.float64)
    old = np.asarray(old_log_probs, dtype=np.float64)
    a = np.asarray(advantages, dtype=np.float64)
    return float(token_mean(per_token(ratio(lp, old), a, clip_low, clip_high, dual_clip), mask))


def ppo_policy_loss_grad(log_probs, old_log_probs, advantages, mask, clip_low=0.2, clip_high=0.2, dual_clip=None,
                         cotangent=None):
    """d loss / d log_probs: -A·r where the unclipped term is the one taken, 0 where the clip
    (or the dual clip) holds the loss constant; times m / max(Σ m, 1)."""
    check_dual_clip(dual_clip)
    lp = np.asarray(log_probs, dtype=np.float64)
    a = np.asarray(advantages, dtype=np.float64)
    r = ratio(lp, np.asarray(old_log_probs, dtype=np.float64))
    unclipped = -a * r
    clipped = -a * np.clip(r, 1.0 - clip_low, 1.0 + clip_high)
    g = np.where(unclipped >= clipped, -a * r, 0.0)  # equal only inside the clip range (or A = 0)
    if dual_clip is not None:
        g = np.where((a < 0) & (-a * dual_clip < np.maximum(unclipped, clipped)), 0.0, g)
    m = kept(mask)
    scale = 1.0 if cotangent is None else float(cotangent)
    return {0: np.where(m != 0, g, 0.0) / max(m.sum(), 1.0) * scale}


REFERENCE = {"torch": {"ppo_policy_loss": ppo_policy_loss}}
GRADIENT = {"torch": {"ppo_policy_loss": ppo_policy_loss_grad}}
