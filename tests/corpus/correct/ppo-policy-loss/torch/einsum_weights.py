# sftkl: problem=ppo-policy-loss track=torch
"""Per-token weights m / max(sum m, 1) and an einsum to contract them with the loss; clip via torch.clip."""
import torch


def ppo_policy_loss(log_probs, old_log_probs, advantages, mask, clip_low=0.2, clip_high=0.2, dual_clip=None):
    if dual_clip is not None and dual_clip <= 1.0:
        raise ValueError("dual_clip must be > 1")
    r = torch.exp(log_probs - old_log_probs)
    obj = torch.minimum(advantages * r, advantages * torch.clip(r, 1 - clip_low, 1 + clip_high))
    if dual_clip is not None:
        obj = torch.where(advantages < 0, torch.maximum(obj, advantages * dual_clip), obj)
    m = (mask != 0).to(obj.dtype)
    w = m / torch.clamp(m.sum(), min=1.0)
    obj = torch.where(m > 0, obj, torch.zeros_like(obj))
    return -torch.einsum("bt,bt->", obj, w)
