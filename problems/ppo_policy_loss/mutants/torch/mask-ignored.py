# sftkl: problem=ppo-policy-loss track=torch
"""verl-style per-token loss, then a plain .mean() over all entries."""
import torch


def ppo_policy_loss(log_probs, old_log_probs, advantages, mask, clip_low=0.2, clip_high=0.2, dual_clip=None):
    if dual_clip is not None and dual_clip <= 1.0:
        raise ValueError("dual_clip must be > 1")
    ratio = torch.exp(log_probs - old_log_probs)
    pg_losses1 = -advantages * ratio
    pg_losses2 = -advantages * torch.clamp(ratio, 1 - clip_low, 1 + clip_high)
    pg_losses = torch.maximum(pg_losses1, pg_losses2)
    if dual_clip is not None:
        pg_losses3 = -advantages * dual_clip
        pg_losses = torch.where(advantages < 0, torch.min(pg_losses3, pg_losses), pg_losses)
    return pg_losses.mean()
