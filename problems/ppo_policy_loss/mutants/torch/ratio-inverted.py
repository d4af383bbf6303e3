# sftkl: problem=ppo-policy-loss track=torch
"""Vectorised torch.where, with the ratio computed as exp(old - new)."""
import torch


def ppo_policy_loss(log_probs, old_log_probs, advantages, mask, clip_low=0.2, clip_high=0.2, dual_clip=None):
    if dual_clip is not None and dual_clip <= 1:
        raise ValueError("dual_clip must be greater than 1")
    ratio = torch.exp(old_log_probs - log_probs)
    clipped = torch.clamp(ratio, 1 - clip_low, 1 + clip_high)
    loss = torch.max(-advantages * ratio, -advantages * clipped)
    if dual_clip is not None:
        loss = torch.where(advantages < 0, torch.minimum(loss, -advantages * dual_clip), loss)
    m = mask.to(loss.dtype)
    return torch.where(m > 0, loss, 0.0).sum() / torch.clamp(m.sum(), min=1.0)
