# sftkl: problem=ppo-policy-loss track=torch
"""Objective form where the clamp is put on the advantages."""
import torch


def ppo_policy_loss(log_probs, old_log_probs, advantages, mask, clip_low=0.2, clip_high=0.2, dual_clip=None):
    if dual_clip is not None and not dual_clip > 1:
        raise ValueError(f"dual_clip must be > 1, got {dual_clip}")
    ratio = (log_probs - old_log_probs).exp()
    surr1 = ratio * advantages
    surr2 = ratio * advantages.clamp(1 - clip_low, 1 + clip_high)
    obj = torch.min(surr1, surr2)
    if dual_clip is not None:
        obj = torch.where(advantages < 0, torch.max(obj, dual_clip * advantages), obj)
    m = mask.to(obj.dtype)
    return -(obj * m).sum() / m.sum().clamp(min=1)
