# sftkl: problem=ppo-policy-loss track=torch
"""masked_fill for the padding and torch.count_nonzero for the token count; dual clip as a clamp(max=...)."""
import torch


def ppo_policy_loss(log_probs, old_log_probs, advantages, mask, clip_low=0.2, clip_high=0.2, dual_clip=None):
    if dual_clip is not None and dual_clip <= 1.0:
        raise ValueError("dual_clip must be > 1.0")
    log_ratio = log_probs - old_log_probs
    ratio = log_ratio.exp()
    unclipped = -advantages * ratio
    clipped = -advantages * ratio.clamp(min=1 - clip_low, max=1 + clip_high)
    loss = torch.max(unclipped, clipped)
    if dual_clip is not None:
        cap = torch.where(advantages < 0, -advantages * dual_clip, torch.full_like(loss, float("inf")))
        loss = torch.minimum(loss, cap)
    pad = mask == 0
    n = torch.count_nonzero(~pad)
    return loss.masked_fill(pad, 0.0).sum() / n.clamp(min=1).to(loss.dtype)
