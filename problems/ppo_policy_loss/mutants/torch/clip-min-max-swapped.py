# sftkl: problem=ppo-policy-loss track=torch
"""verl-style loss form with torch.minimum where torch.maximum belongs."""
import torch


def ppo_policy_loss(log_probs, old_log_probs, advantages, mask, clip_low=0.2, clip_high=0.2, dual_clip=None):
    if dual_clip is not None and dual_clip <= 1.0:
        raise ValueError("dual_clip must be > 1")
    ratio = torch.exp(log_probs - old_log_probs)
    pg1 = -advantages * ratio
    pg2 = -advantages * torch.clamp(ratio, 1 - clip_low, 1 + clip_high)
    loss = torch.minimum(pg1, pg2)
    if dual_clip is not None:
        loss = torch.where(advantages < 0, torch.minimum(loss, -advantages * dual_clip), loss)
    m = mask.float()
    return (loss * m).sum() / m.sum().clamp(min=1)
