# sftkl: problem=kl-penalty track=torch
"""Builds r = exp(ref - policy) for k1/k2/k3, then one weight tensor per aggregation: sum(w * kl)."""
import torch


def kl_penalty(log_probs, ref_log_probs, mode="k3", mask=None, agg="token-mean"):
    valid = {"k1", "k2", "k3", "biased", "unbiased"}
    if mode not in valid:
        raise ValueError(f"invalid mode {mode}")
    log_r = ref_log_probs - log_probs
    r = torch.exp(log_r)
    if mode in {"k1", "biased"}:
        kl = -log_r
    elif mode == "k2":
        kl = 0.5 * log_r ** 2
    else:
        kl = r - 1 - log_r
    m = torch.ones_like(kl) if mask is None else mask.to(kl.dtype)
    if agg == "token-mean":
        w = m / m.sum().clamp(min=1)
    elif agg == "seq-mean-token-mean":
        n = m.sum(-1, keepdim=True)
        w = m / n.clamp(min=1) / (n > 0).sum().clamp(min=1)
    elif agg == "seq-mean-token-sum":
        w = m / m.shape[0]
    elif agg == "seq-mean-token-sum-norm":
        w = m / m.numel()
    else:
        raise ValueError(f"invalid agg {agg}")
    return (torch.where(m > 0, kl, torch.zeros_like(kl)) * w).sum()
