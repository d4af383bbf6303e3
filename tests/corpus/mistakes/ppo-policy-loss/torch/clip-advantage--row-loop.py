# sftkl: problem=ppo-policy-loss track=torch
"""Loop over rows; the clipped surrogate uses clip(A) times the raw ratio."""
import torch


def ppo_policy_loss(log_probs, old_log_probs, advantages, mask, clip_low=0.2, clip_high=0.2, dual_clip=None):
    if dual_clip is not None and not dual_clip > 1:
        raise ValueError("dual_clip must be > 1")
    total, count = log_probs.sum() * 0, 0
    for b in range(log_probs.shape[0]):
        keep = mask[b] != 0
        r = (log_probs[b] - old_log_probs[b]).exp()[keep]
        adv = advantages[b][keep]
        obj = torch.min(adv * r, adv.clamp(1 - clip_low, 1 + clip_high) * r)
        if dual_clip is not None:
            obj = torch.where(adv < 0, torch.max(obj, dual_clip * adv), obj)
        total = total - obj.sum()
        count += int(keep.sum())
    return total / max(count, 1)
