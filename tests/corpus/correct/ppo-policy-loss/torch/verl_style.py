# sftkl: problem=ppo-policy-loss track=torch
"""verl compute_policy_loss_vanilla style: torch.maximum, torch.min for the dual clip, torch.where on A < 0."""
import torch


def ppo_policy_loss(log_probs, old_log_probs, advantages, mask, clip_low=0.2, clip_high=0.2, dual_clip=None):
    if dual_clip is not None and dual_clip <= 1.0:
        raise ValueError(f"dual_clip must be > 1.0, got {dual_clip}")
    ratio = torch.exp(log_probs - old_log_probs)
    pg_losses1 = -advantages * ratio
    pg_losses2 = -advantages * torch.clamp(ratio, 1 - clip_low, 1 + clip_high)
    clip_pg_losses1 = torch.maximum(pg_losses1, pg_losses2)
    if dual_clip is None:
        pg_losses = clip_pg_losses1
    else:
        pg_losses3 = -advantages * dual_clip
        clip_pg_losses2 = torch.min(pg_losses3, clip_pg_losses1)
        pg_losses = torch.where(advantages < 0, clip_pg_losses2, clip_pg_losses1)
    m = mask.to(pg_losses.dtype)
    return (pg_losses * m).sum() / m.sum().clamp(min=1.0)
