# sftkl: problem=ppo-policy-loss track=torch
"""Nested loops over every position, padding included, divided by B*T."""
import torch


def ppo_policy_loss(log_probs, old_log_probs, advantages, mask, clip_low=0.2, clip_high=0.2, dual_clip=None):
    if dual_clip is not None and dual_clip <= 1:
        raise ValueError("dual_clip must be > 1")
    B, T = log_probs.shape
    total = log_probs.sum() * 0.0
    for i in range(B):
        for j in range(T):
            a = advantages[i, j]
            r = torch.exp(log_probs[i, j] - old_log_probs[i, j])
            loss = torch.maximum(-a * r, -a * r.clamp(1 - clip_low, 1 + clip_high))
            if dual_clip is not None and a < 0:
                loss = torch.minimum(loss, -a * dual_clip)
            total = total + loss
    return total / (B * T)
