# sftkl: problem=ppo-policy-loss track=torch
"""OpenRLHF objective form with torch.max where torch.min belongs, negated."""
import torch


def ppo_policy_loss(log_probs, old_log_probs, advantages, mask, clip_low=0.2, clip_high=0.2, dual_clip=None):
    if dual_clip is not None and dual_clip <= 1.0:
        raise ValueError(f"dual_clip must be > 1.0, got {dual_clip}")
    ratio = (log_probs - old_log_probs).exp()
    surr1 = ratio * advantages
    surr2 = ratio.clamp(1 - clip_low, 1 + clip_high) * advantages
    clip1 = torch.max(surr1, surr2)
    if dual_clip is None:
        obj = clip1
    else:
        obj = torch.where(advantages < 0, torch.max(clip1, dual_clip * advantages), clip1)
    m = mask.to(obj.dtype)
    return -(obj * m).sum() / m.sum().clamp(min=1)
