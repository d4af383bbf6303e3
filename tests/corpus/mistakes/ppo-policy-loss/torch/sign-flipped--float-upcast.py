# sftkl: problem=ppo-policy-loss track=torch
"""The right loss in float32 (.float()), then returned negated as an objective to maximise."""
import torch


def ppo_policy_loss(log_probs, old_log_probs, advantages, mask, clip_low=0.2, clip_high=0.2, dual_clip=None):
    if dual_clip is not None and dual_clip <= 1.0:
        raise ValueError(f"dual_clip must be > 1.0, got {dual_clip}")
    lp, old, adv = log_probs.float(), old_log_probs.float(), advantages.float()
    ratio = torch.exp(lp - old)
    loss = torch.max(-adv * ratio, -adv * ratio.clamp(1 - clip_low, 1 + clip_high))
    if dual_clip is not None:
        loss = torch.where(adv < 0, torch.min(loss, -adv * dual_clip), loss)
    m = mask.float()
    objective = -(loss * m).sum() / m.sum().clamp(min=1)
    return objective
