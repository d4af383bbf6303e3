# sftkl: problem=kl-penalty track=torch
"""token-mean and seq-mean-token-mean swapped: per-sequence first for token-mean, one pooled mean for the other."""
import torch


def kl_penalty(log_probs, ref_log_probs, mode="k3", mask=None, agg="token-mean"):
    log_r = ref_log_probs - log_probs
    if mode in ("k1", "biased"):
        x = -log_r
    elif mode == "k2":
        x = 0.5 * log_r ** 2
    elif mode in ("k3", "unbiased"):
        x = torch.expm1(log_r) - log_r
    else:
        raise ValueError(f"unknown mode {mode!r}")
    m = torch.ones_like(x) if mask is None else mask.to(x.dtype)
    x = x * m
    n = m.sum(-1)
    if agg == "seq-mean-token-mean":
        return x.sum() / n.sum().clamp(min=1)
    if agg == "token-mean":
        rows = n > 0
        return (x.sum(-1) / n.clamp(min=1)).sum() / rows.sum().clamp(min=1)
    if agg == "seq-mean-token-sum":
        return x.sum(-1).mean()
    if agg == "seq-mean-token-sum-norm":
        return x.sum() / x.numel()
    raise ValueError(f"unknown agg {agg!r}")
