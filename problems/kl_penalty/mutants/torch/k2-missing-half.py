# sftkl: problem=kl-penalty track=torch
"""Masked if/elif where k2 is (log r)**2, without the 1/2."""
import torch


def kl_penalty(log_probs, ref_log_probs, mode="k3", mask=None, agg="token-mean"):
    log_r = ref_log_probs - log_probs
    if mode in ("k1", "biased"):
        x = -log_r
    elif mode == "k2":
        x = log_r ** 2
    elif mode in ("k3", "unbiased"):
        x = torch.exp(log_r) - 1 - log_r
    else:
        raise ValueError(f"unknown mode {mode!r}")
    m = torch.ones_like(x) if mask is None else mask.to(x.dtype)
    x = x * m
    if agg == "token-mean":
        return x.sum() / torch.clamp(m.sum(), min=1.0)
    if agg == "seq-mean-token-mean":
        cnt = m.sum(dim=1)
        nonempty = cnt > 0
        per_seq = x.sum(dim=1) / torch.clamp(cnt, min=1.0)
        return per_seq.sum() / torch.clamp(nonempty.sum(), min=1)
    if agg == "seq-mean-token-sum":
        return x.sum(dim=1).mean()
    if agg == "seq-mean-token-sum-norm":
        return x.sum() / m.numel()
    raise ValueError(f"unknown agg {agg!r}")
