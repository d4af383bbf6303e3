# sftkl: problem=ppo-policy-loss track=torch
"""Everything computed in float64 inside, the float64 result returned."""
import torch


def ppo_policy_loss(log_probs, old_log_probs, advantages, mask, clip_low=0.2, clip_high=0.2, dual_clip=None):
    if dual_clip is not None and not (dual_clip > 1):
        raise ValueError("dual_clip must be > 1")
    lp = log_probs.double()
    old = old_log_probs.double()
    adv = advantages.double()
    m = mask.double()
    ratio = torch.exp(lp - old)
    loss = torch.maximum(-adv * ratio, -adv * ratio.clip(1.0 - clip_low, 1.0 + clip_high))
    if dual_clip is not None:
        loss = torch.where(adv < 0, torch.minimum(loss, -adv * dual_clip), loss)
    num = torch.where(m > 0, loss, torch.zeros_like(loss)).sum()
    return num / torch.clamp(m.sum(), min=1.0)
