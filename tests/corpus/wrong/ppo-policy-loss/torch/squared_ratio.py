# sftkl: problem=ppo-policy-loss track=torch
"""Uses r squared in the unclipped term."""
import torch


def ppo_policy_loss(log_probs, old_log_probs, advantages, mask, clip_low=0.2, clip_high=0.2, dual_clip=None):
    if dual_clip is not None and dual_clip <= 1.0:
        raise ValueError("dual_clip must be > 1")
    ratio = torch.exp(log_probs - old_log_probs)
    loss = torch.maximum(-advantages * ratio ** 2, -advantages * torch.clamp(ratio, 1 - clip_low, 1 + clip_high))
    if dual_clip is not None:
        loss = torch.where(advantages < 0, torch.minimum(loss, -advantages * dual_clip), loss)
    m = mask.to(loss.dtype)
    return (loss * m).sum() / m.sum().clamp(min=1)
