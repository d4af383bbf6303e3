# sftkl: problem=grpo-loss track=torch
"""k3 via expm1 of log_probs - ref_log_probs (ratio π_θ/π_ref)."""
import torch


def grpo_loss(log_probs, old_log_probs, ref_log_probs, advantages, mask, beta=0.04, clip_eps=0.2, agg="token-mean"):
    if agg not in ("token-mean", "seq-mean-token-mean", "seq-mean-token-sum", "seq-mean-token-sum-norm"):
        raise ValueError(f"unknown agg {agg!r}")
    r = torch.exp(log_probs - old_log_probs)
    a = advantages[:, None]
    x = -torch.min(r * a, torch.clamp(r, 1 - clip_eps, 1 + clip_eps) * a)
    if beta != 0:
        log_r = log_probs - ref_log_probs
        x = x + beta * (torch.expm1(log_r) - log_r)
    m = mask.to(x.dtype)
    x = torch.where(m != 0, x, torch.zeros_like(x))
    B, T = m.shape
    if agg == "token-mean":
        return x.sum() / m.sum().clamp(min=1)
    if agg == "seq-mean-token-mean":
        n = m.sum(-1)
        rows = (n > 0).to(x.dtype)
        return ((x.sum(-1) / n.clamp(min=1)) * rows).sum() / rows.sum().clamp(min=1)
    if agg == "seq-mean-token-sum":
        return x.sum(-1).sum() / B
    return x.sum() / (B * T)
