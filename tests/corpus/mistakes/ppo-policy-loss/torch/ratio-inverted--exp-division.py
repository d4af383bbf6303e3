# sftkl: problem=ppo-policy-loss track=torch
"""Probabilities divided the wrong way round: exp(old) / exp(new), in float64 inside."""
import torch


def ppo_policy_loss(log_probs, old_log_probs, advantages, mask, clip_low=0.2, clip_high=0.2, dual_clip=None):
    if dual_clip is not None and dual_clip <= 1:
        raise ValueError("dual_clip must be > 1")
    p_new = torch.exp(log_probs.double())
    p_old = torch.exp(old_log_probs.double())
    ratio = p_old / p_new
    adv = advantages.double()
    loss = torch.maximum(-adv * ratio, -adv * torch.clamp(ratio, 1 - clip_low, 1 + clip_high))
    if dual_clip is not None:
        loss = torch.where(adv < 0, torch.minimum(loss, -adv * dual_clip), loss)
    m = mask.double()
    return (loss * m).sum() / m.sum().clamp(min=1)
