# sftkl: problem=ppo-policy-loss track=torch
"""OpenRLHF PolicyLoss style: the objective with torch.min / torch.max, negated at the end."""
import torch


def ppo_policy_loss(log_probs, old_log_probs, advantages, mask, clip_low=0.2, clip_high=0.2, dual_clip=None):
    if dual_clip is not None:
        if not dual_clip > 1.0:
            raise ValueError(f"dual_clip must be > 1.0, got {dual_clip}")
    ratio = (log_probs - old_log_probs).exp()
    surr1 = ratio * advantages
    surr2 = ratio.clamp(1 - clip_low, 1 + clip_high) * advantages
    if dual_clip is None:
        loss = -torch.min(surr1, surr2)
    else:
        clip1 = torch.min(surr1, surr2)
        clip2 = torch.max(clip1, dual_clip * advantages)
        loss = -torch.where(advantages < 0, clip2, clip1)
    m = mask.float() if mask.dtype == torch.bool else mask
    m = m.to(loss.dtype)
    total = (loss * m).sum()
    n = m.sum()
    return total / torch.clamp(n, min=1)
