# sftkl: problem=grpo-loss track=torch
"""The clip written with torch.where on the sign of A (min(r, 1+ε) for A >= 0, max(r, 1-ε) for A < 0)."""
import torch


def grpo_loss(log_probs, old_log_probs, ref_log_probs, advantages, mask, beta=0.04, clip_eps=0.2, agg="token-mean"):
    if agg not in ["token-mean", "seq-mean-token-mean", "seq-mean-token-sum", "seq-mean-token-sum-norm"]:
        raise ValueError(f"bad agg {agg}")
    r = torch.exp(log_probs - old_log_probs)
    A = advantages.unsqueeze(1)
    bounded = torch.where(A >= 0, torch.clamp(r, max=1 + clip_eps), torch.clamp(r, min=1 - clip_eps))
    per_token = -A * bounded
    if beta != 0:
        u = ref_log_probs - log_probs
        per_token = per_token + beta * (torch.expm1(u) - u)
    m = mask.to(per_token.dtype)
    per_token = torch.where(m > 0, per_token, torch.zeros_like(per_token))
    B, T = per_token.shape
    if agg == "token-mean":
        return per_token.sum() / m.sum().clamp(min=1)
    if agg == "seq-mean-token-sum":
        return per_token.sum(1).sum() / B
    if agg == "seq-mean-token-sum-norm":
        return per_token.sum() / (B * T)
    n = m.sum(1)
    alive = torch.where(n > 0, torch.ones_like(n), torch.zeros_like(n))
    return (per_token.sum(1) / n.clamp(min=1) * alive).sum() / alive.sum().clamp(min=1)
