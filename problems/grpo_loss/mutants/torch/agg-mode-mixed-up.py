# sftkl: problem=grpo-loss track=torch
"""token-mean and seq-mean-token-mean swapped: per-sequence first for token-mean, one pooled mean for the other."""
import torch


def grpo_loss(log_probs, old_log_probs, ref_log_probs, advantages, mask, beta=0.04, clip_eps=0.2, agg="token-mean"):
    ratio = torch.exp(log_probs - old_log_probs)
    adv = advantages[:, None]
    x = -torch.min(ratio * adv, ratio.clamp(1 - clip_eps, 1 + clip_eps) * adv)
    if beta != 0:
        d = ref_log_probs - log_probs
        x = x + beta * (torch.exp(d) - d - 1)
    m = mask.to(x.dtype)
    x = x * m
    n = m.sum(-1)
    if agg == "seq-mean-token-mean":
        return x.sum() / n.sum().clamp(min=1)
    if agg == "token-mean":
        rows = (n > 0).to(x.dtype)
        return ((x.sum(-1) / n.clamp(min=1)) * rows).sum() / rows.sum().clamp(min=1)
    if agg == "seq-mean-token-sum":
        return x.sum(-1).mean()
    if agg == "seq-mean-token-sum-norm":
        return x.sum() / x.numel()
    raise ValueError(f"unknown agg {agg!r}")
