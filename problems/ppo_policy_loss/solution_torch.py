# sftkl: problem=ppo-policy-loss track=torch
import torch


def ppo_policy_loss(log_probs, old_log_probs, advantages, mask, clip_low=0.2, clip_high=0.2, dual_clip=None):
    # Dual-clip PPO (Ye et al. 2020) bounds the loss of A < 0 tokens by -A·c; c must exceed 1
    # (verl and OpenRLHF assert the same).
    if dual_clip is not None and not dual_clip > 1.0:
        raise ValueError(f"dual_clip must be > 1, got {dual_clip!r}")
    ratio = torch.exp(log_probs - old_log_probs)                  # π_θ / π_old per token
    loss_unclipped = -advantages * ratio
    loss_clipped = -advantages * torch.clamp(ratio, 1 - clip_low, 1 + clip_high)  # clip_high > clip_low: DAPO
    # The loss is the negated objective, so PPO's pessimistic min becomes a max.
    loss = torch.maximum(loss_unclipped, loss_clipped)
    if dual_clip is not None:
        loss = torch.where(advantages < 0, torch.minimum(loss, -advantages * dual_clip), loss)
    m = mask.to(loss.dtype)                                       # bool or float 0/1
    # where(): a masked token counts 0 whatever its value; clamp(min=1): nothing kept -> 0, not 0/0
    kept = torch.where(m != 0, loss, torch.zeros_like(loss))
    return kept.sum() / m.sum().clamp(min=1)                      # token-mean (verl's default loss_agg_mode)
