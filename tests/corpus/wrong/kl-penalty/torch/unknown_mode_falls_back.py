# sftkl: problem=kl-penalty track=torch
"""Right k1/k2/k3, mask and agg, but any unknown mode silently falls back to k3 instead of raising ValueError."""
import torch


def kl_penalty(log_probs, ref_log_probs, mode="k3", mask=None, agg="token-mean"):
    if agg not in ("token-mean", "seq-mean-token-mean", "seq-mean-token-sum", "seq-mean-token-sum-norm"):
        raise ValueError(f"unknown agg {agg!r}")
    log_r = ref_log_probs.float() - log_probs.float()
    if mode in ("k1", "biased"):
        x = -log_r
    elif mode == "k2":
        x = 0.5 * log_r ** 2
    else:
        x = torch.expm1(log_r) - log_r
    m = torch.ones_like(x) if mask is None else (mask != 0).float()
    x = torch.where(m > 0, x, torch.zeros_like(x))
    if agg == "token-mean":
        return x.sum() / m.sum().clamp(min=1)
    if agg == "seq-mean-token-mean":
        n = m.sum(-1)
        return (x.sum(-1) / n.clamp(min=1)).sum() / (n > 0).sum().clamp(min=1)
    if agg == "seq-mean-token-sum":
        return x.sum(-1).mean()
    return x.sum() / m.numel()
