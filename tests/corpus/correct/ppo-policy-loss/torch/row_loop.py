# sftkl: problem=ppo-policy-loss track=torch
"""A Python loop over rows, each row's kept tokens selected with boolean indexing; sums collected in a list."""
import torch


def ppo_policy_loss(log_probs, old_log_probs, advantages, mask, clip_low=0.2, clip_high=0.2, dual_clip=None):
    if dual_clip is not None and dual_clip <= 1.0:
        raise ValueError("dual_clip must be > 1")
    total = log_probs.sum() * 0.0
    count = 0
    for b in range(log_probs.shape[0]):
        keep = mask[b] != 0
        lp, old, adv = log_probs[b][keep], old_log_probs[b][keep], advantages[b][keep]
        r = torch.exp(lp - old)
        loss = torch.max(-adv * r, -adv * r.clamp(1 - clip_low, 1 + clip_high))
        if dual_clip is not None:
            loss = torch.where(adv < 0, torch.min(loss, -adv * dual_clip), loss)
        total = total + loss.sum()
        count += int(keep.sum())
    return total / max(count, 1)
