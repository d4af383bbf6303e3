# sftkl: problem=grpo-loss track=torch
"""TRL-like per-token loss whose k3 uses r = π_θ/π_ref (exp(logp - ref))."""
import torch


def grpo_loss(log_probs, old_log_probs, ref_log_probs, advantages, mask, beta=0.04, clip_eps=0.2, agg="token-mean"):
    if agg not in ("token-mean", "seq-mean-token-mean", "seq-mean-token-sum", "seq-mean-token-sum-norm"):
        raise ValueError(f"unknown agg: {agg}")
    coef_1 = torch.exp(log_probs - old_log_probs)
    coef_2 = torch.clamp(coef_1, 1 - clip_eps, 1 + clip_eps)
    adv = advantages.unsqueeze(1)
    per_token_loss = -torch.min(coef_1 * adv, coef_2 * adv)
    if beta != 0.0:
        per_token_kl = torch.exp(log_probs - ref_log_probs) - (log_probs - ref_log_probs) - 1
        per_token_loss = per_token_loss + beta * per_token_kl
    m = mask.to(per_token_loss.dtype)
    per_token_loss = per_token_loss * m
    B, T = m.shape
    if agg == "token-mean":
        return per_token_loss.sum() / m.sum().clamp(min=1.0)
    if agg == "seq-mean-token-mean":
        n = m.sum(-1)
        valid = (n > 0).to(m.dtype)
        return (per_token_loss.sum(-1) / n.clamp(min=1.0) * valid).sum() / valid.sum().clamp(min=1.0)
    if agg == "seq-mean-token-sum":
        return per_token_loss.sum(-1).mean()
    return per_token_loss.sum() / (B * T)
