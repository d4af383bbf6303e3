# sftkl: problem=ppo-policy-loss track=torch
"""The `.float()` upcast: computed and returned in float32 whatever the input dtype."""
import torch


def ppo_policy_loss(log_probs, old_log_probs, advantages, mask, clip_low=0.2, clip_high=0.2, dual_clip=None):
    if dual_clip is not None and dual_clip <= 1.0:
        raise ValueError(f"dual_clip must be > 1.0, got {dual_clip}")
    lp, old, adv = log_probs.float(), old_log_probs.float(), advantages.float()
    ratio = (lp - old).exp()
    loss = torch.stack([-adv * ratio, -adv * ratio.clamp(1 - clip_low, 1 + clip_high)]).amax(dim=0)
    if dual_clip is not None:
        loss = torch.where(adv < 0, torch.minimum(loss, -adv * dual_clip), loss)
    m = mask.float()
    return (loss * m).sum() / m.sum().clamp_min(1.0)
