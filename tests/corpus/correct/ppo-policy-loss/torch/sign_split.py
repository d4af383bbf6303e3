# sftkl: problem=ppo-policy-loss track=torch
"""Closed form by the sign of A: -A·min(r, 1+hi) for A >= 0, |A|·max(r, 1-lo) (capped at c) for A < 0."""
import torch


def ppo_policy_loss(log_probs, old_log_probs, advantages, mask, clip_low=0.2, clip_high=0.2, dual_clip=None):
    if dual_clip is not None and dual_clip <= 1:
        raise ValueError("dual_clip must be greater than 1")
    r = torch.exp(log_probs - old_log_probs)
    upper = torch.full_like(r, 1 + clip_high)
    lower = torch.full_like(r, 1 - clip_low)
    pos = -advantages * torch.minimum(r, upper)
    neg_r = torch.maximum(r, lower)
    if dual_clip is not None:
        neg_r = torch.minimum(neg_r, torch.full_like(r, dual_clip))
    neg = -advantages * neg_r
    per_token = torch.where(advantages >= 0, pos, neg)
    keep = mask.bool()
    return per_token.masked_fill(~keep, 0).sum() / keep.sum().clamp(min=1)
