# sftkl: problem=ppo-policy-loss track=torch
"""verl-style loss form, with torch.clamp applied to the advantages."""
import torch


def ppo_policy_loss(log_probs, old_log_probs, advantages, mask, clip_low=0.2, clip_high=0.2, dual_clip=None):
    if dual_clip is not None and dual_clip <= 1.0:
        raise ValueError("dual_clip must be > 1.0")
    ratio = torch.exp(log_probs - old_log_probs)
    pg_losses1 = -advantages * ratio
    pg_losses2 = -torch.clamp(advantages, 1 - clip_low, 1 + clip_high) * ratio
    loss = torch.maximum(pg_losses1, pg_losses2)
    if dual_clip is not None:
        loss = torch.where(advantages < 0, torch.min(-advantages * dual_clip, loss), loss)
    m = mask.to(loss.dtype)
    return torch.where(m != 0, loss, 0.0).sum() / m.sum().clamp(min=1.0)
