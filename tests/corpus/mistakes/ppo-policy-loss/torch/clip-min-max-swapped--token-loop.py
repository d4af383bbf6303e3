# sftkl: problem=ppo-policy-loss track=torch
"""Nested token loops keeping the smaller of the two losses."""
import torch


def ppo_policy_loss(log_probs, old_log_probs, advantages, mask, clip_low=0.2, clip_high=0.2, dual_clip=None):
    if dual_clip is not None and dual_clip <= 1:
        raise ValueError("dual_clip must be > 1")
    terms = []
    for i in range(log_probs.shape[0]):
        for j in range(log_probs.shape[1]):
            if not bool(mask[i, j]):
                continue
            a = advantages[i, j]
            r = torch.exp(log_probs[i, j] - old_log_probs[i, j])
            loss = torch.minimum(-a * r, -a * torch.clamp(r, 1 - clip_low, 1 + clip_high))
            if dual_clip is not None and a < 0:
                loss = torch.minimum(loss, -a * dual_clip)
            terms.append(loss)
    if not terms:
        return log_probs.sum() * 0.0
    return torch.stack(terms).mean()
