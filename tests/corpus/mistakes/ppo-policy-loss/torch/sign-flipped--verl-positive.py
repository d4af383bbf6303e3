# sftkl: problem=ppo-policy-loss track=torch
"""verl-like code written with +A: torch.minimum of the objectives, the max for the dual clip, never negated."""
import torch


def ppo_policy_loss(log_probs, old_log_probs, advantages, mask, clip_low=0.2, clip_high=0.2, dual_clip=None):
    if dual_clip is not None and dual_clip <= 1.0:
        raise ValueError("dual_clip must be > 1.0")
    ratio = torch.exp(log_probs - old_log_probs)
    obj = torch.minimum(advantages * ratio, advantages * torch.clamp(ratio, 1 - clip_low, 1 + clip_high))
    if dual_clip is not None:
        obj = torch.where(advantages < 0, torch.maximum(obj, advantages * dual_clip), obj)
    m = mask.to(obj.dtype)
    return torch.where(m != 0, obj, 0.0).sum() / m.sum().clamp(min=1)
