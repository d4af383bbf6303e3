# sftkl: problem=grpo-loss track=torch
"""Masked policy term; the KL term reduced with plain .mean()/.sum() over every position."""
import torch


def grpo_loss(log_probs, old_log_probs, ref_log_probs, advantages, mask, beta=0.04, clip_eps=0.2, agg="token-mean"):
    ratio = torch.exp(log_probs - old_log_probs)
    adv = advantages.unsqueeze(-1)
    pg = -torch.min(ratio * adv, torch.clamp(ratio, 1 - clip_eps, 1 + clip_eps) * adv)
    m = mask.to(pg.dtype)
    pg = pg * m
    B, T = m.shape
    n = m.sum(-1)
    if beta != 0:
        d = ref_log_probs - log_probs
        kl = torch.exp(d) - d - 1
    else:
        kl = torch.zeros_like(pg)
    if agg == "token-mean":
        return pg.sum() / m.sum().clamp(min=1) + beta * kl.mean()
    if agg == "seq-mean-token-mean":
        rows = (n > 0).to(pg.dtype)
        return (pg.sum(-1) / n.clamp(min=1) * rows).sum() / rows.sum().clamp(min=1) + beta * kl.mean(-1).mean()
    if agg == "seq-mean-token-sum":
        return pg.sum(-1).mean() + beta * kl.sum(-1).mean()
    if agg == "seq-mean-token-sum-norm":
        return pg.sum() / (B * T) + beta * kl.sum() / (B * T)
    raise ValueError(f"unknown agg {agg!r}")
