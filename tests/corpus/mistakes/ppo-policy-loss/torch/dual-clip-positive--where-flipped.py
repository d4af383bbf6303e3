# sftkl: problem=ppo-policy-loss track=torch
"""Dual clip selected with advantages > 0 instead of advantages < 0."""
import torch


def ppo_policy_loss(log_probs, old_log_probs, advantages, mask, clip_low=0.2, clip_high=0.2, dual_clip=None):
    if dual_clip is not None and dual_clip <= 1:
        raise ValueError("dual_clip must be > 1")
    r = (log_probs - old_log_probs).exp()
    loss = torch.max(-advantages * r, -advantages * r.clamp(1 - clip_low, 1 + clip_high))
    if dual_clip is not None:
        loss = torch.where(advantages > 0, torch.min(loss, -advantages * dual_clip), loss)
    keep = mask.bool()
    return loss.masked_fill(~keep, 0).sum() / keep.sum().clamp(min=1)
