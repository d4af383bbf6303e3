# sftkl: problem=grpo-loss track=torch
"""TRL bnpo-style pooled mean used for seq-mean-token-mean too."""
import torch


def grpo_loss(log_probs, old_log_probs, ref_log_probs, advantages, mask, beta=0.04, clip_eps=0.2, agg="token-mean"):
    coef_1 = torch.exp(log_probs - old_log_probs)
    coef_2 = torch.clamp(coef_1, 1 - clip_eps, 1 + clip_eps)
    adv = advantages.unsqueeze(1)
    per_token_loss = -torch.min(coef_1 * adv, coef_2 * adv)
    if beta != 0.0:
        per_token_loss = per_token_loss + beta * (torch.exp(ref_log_probs - log_probs) - (ref_log_probs - log_probs) - 1)
    m = mask.to(per_token_loss.dtype)
    if agg in ("token-mean", "seq-mean-token-mean"):
        return (per_token_loss * m).sum() / m.sum().clamp(min=1.0)
    if agg == "seq-mean-token-sum":
        return (per_token_loss * m).sum(-1).mean()
    if agg == "seq-mean-token-sum-norm":
        return (per_token_loss * m).sum() / m.numel()
    raise ValueError(f"unknown agg {agg}")
