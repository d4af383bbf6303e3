# sftkl: problem=kl-penalty track=torch
"""Copies log_probs into a fresh leaf that requires grad and calls .neg_() on it: autograd raises before the mask is applied."""
import torch


def kl_penalty(log_probs, ref_log_probs, mode="k3", mask=None, agg="token-mean"):
    if mode not in ("k1", "k2", "k3", "biased", "unbiased"):
        raise ValueError(mode)
    if agg not in ("token-mean", "seq-mean-token-mean", "seq-mean-token-sum", "seq-mean-token-sum-norm"):
        raise ValueError(agg)
    log_r = log_probs.detach().clone().float().requires_grad_(True)
    log_r.neg_().add_(ref_log_probs.float())
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
