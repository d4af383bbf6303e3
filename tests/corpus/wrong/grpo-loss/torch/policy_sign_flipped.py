# sftkl: problem=grpo-loss track=torch
"""The policy term without its minus sign: +min(r·A, clip(r)·A)."""
import torch


def grpo_loss(log_probs, old_log_probs, ref_log_probs, advantages, mask, beta=0.04, clip_eps=0.2, agg="token-mean"):
    if agg not in ("token-mean", "seq-mean-token-mean", "seq-mean-token-sum", "seq-mean-token-sum-norm"):
        raise ValueError(f"unknown agg {agg!r}")
    ratio = torch.exp(log_probs - old_log_probs)
    adv = advantages.unsqueeze(-1)
    x = torch.min(ratio * adv, torch.clamp(ratio, 1 - clip_eps, 1 + clip_eps) * adv)
    if beta != 0:
        d = ref_log_probs - log_probs
        x = x + beta * (torch.exp(d) - d - 1)
    m = mask.to(x.dtype)
    x = torch.where(m != 0, x, torch.zeros_like(x))
    B, T = m.shape
    n = m.sum(-1)
    if agg == "token-mean":
        return x.sum() / m.sum().clamp(min=1)
    if agg == "seq-mean-token-mean":
        rows = (n > 0).to(x.dtype)
        return (x.sum(-1) / n.clamp(min=1) * rows).sum() / rows.sum().clamp(min=1)
    if agg == "seq-mean-token-sum":
        return x.sum(-1).mean()
    return x.sum() / (B * T)
