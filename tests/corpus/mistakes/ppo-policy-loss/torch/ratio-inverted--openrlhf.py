# sftkl: problem=ppo-policy-loss track=torch
"""OpenRLHF objective form with the log-ratio old - new."""
import torch


def ppo_policy_loss(log_probs, old_log_probs, advantages, mask, clip_low=0.2, clip_high=0.2, dual_clip=None):
    if dual_clip is not None and dual_clip <= 1.0:
        raise ValueError(f"dual_clip must be > 1.0, got {dual_clip}")
    log_ratio = old_log_probs - log_probs
    ratio = log_ratio.exp()
    surr1 = ratio * advantages
    surr2 = ratio.clamp(1 - clip_low, 1 + clip_high) * advantages
    obj = torch.min(surr1, surr2)
    if dual_clip is not None:
        obj = torch.where(advantages < 0, torch.max(obj, dual_clip * advantages), obj)
    m = mask.float().to(obj.dtype)
    return -(obj * m).sum() / torch.clamp(m.sum(), min=1)
