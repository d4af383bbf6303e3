# sftkl: problem=kl-penalty track=torch
"""Builds m = torch.ones_like(x) unconditionally: the mask argument is accepted and never used."""
import torch


def kl_penalty(log_probs, ref_log_probs, mode="k3", mask=None, agg="token-mean"):
    log_r = ref_log_probs - log_probs
    if mode in ("k1", "biased"):
        x = -log_r
    elif mode == "k2":
        x = 0.5 * log_r**2
    elif mode in ("k3", "unbiased"):
        x = torch.expm1(log_r) - log_r
    else:
        raise ValueError(f"unknown mode {mode!r}")
    m = torch.ones_like(x)
    n = m.sum(-1)
    if agg == "token-mean":
        return (x * m).sum() / m.sum().clamp(min=1)
    if agg == "seq-mean-token-mean":
        return ((x * m).sum(-1) / n.clamp(min=1)).sum() / (n > 0).sum().clamp(min=1)
    if agg == "seq-mean-token-sum":
        return (x * m).sum(-1).mean()
    if agg == "seq-mean-token-sum-norm":
        return (x * m).sum() / m.numel()
    raise ValueError(f"unknown agg {agg!r}")
