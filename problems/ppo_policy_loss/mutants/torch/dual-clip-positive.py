# sftkl: problem=ppo-policy-loss track=torch
"""OpenRLHF objective form, with the dual-clip max applied to every token (no where on A < 0)."""
import torch


def ppo_policy_loss(log_probs, old_log_probs, advantages, mask, clip_low=0.2, clip_high=0.2, dual_clip=None):
    if dual_clip is not None:
        if dual_clip <= 1.0:
            raise ValueError(f"dual_clip must be > 1.0, got {dual_clip}")
    ratio = (log_probs - old_log_probs).exp()
    surr1 = ratio * advantages
    surr2 = ratio.clamp(1 - clip_low, 1 + clip_high) * advantages
    obj = torch.min(surr1, surr2)
    if dual_clip is not None:
        obj = torch.max(obj, dual_clip * advantages)
    loss = -obj
    m = mask.to(loss.dtype)
    return (loss * m).sum() / m.sum().clamp(min=1)
