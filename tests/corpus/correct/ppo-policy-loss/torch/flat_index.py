# sftkl: problem=ppo-policy-loss track=torch
"""Flatten, keep the masked-in entries with nonzero(), then a mean (0 when the selection is empty)."""
import torch


def ppo_policy_loss(log_probs, old_log_probs, advantages, mask, clip_low=0.2, clip_high=0.2, dual_clip=None):
    if dual_clip is not None and dual_clip <= 1:
        raise ValueError("dual_clip must be > 1")
    idx = torch.nonzero(mask.reshape(-1) != 0).squeeze(-1)
    lp = log_probs.reshape(-1)[idx]
    old = old_log_probs.reshape(-1)[idx]
    adv = advantages.reshape(-1)[idx]
    ratio = torch.exp(lp - old)
    loss = torch.maximum(-adv * ratio, -adv * torch.clamp(ratio, 1 - clip_low, 1 + clip_high))
    if dual_clip is not None:
        neg = adv < 0
        loss = torch.where(neg, torch.minimum(loss, -adv * dual_clip), loss)
    if loss.numel() == 0:
        return log_probs.sum() * 0
    return loss.mean()
