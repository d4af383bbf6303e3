# sftkl: problem=kl-penalty track=torch
"""Raises ValueError for every mode, valid ones included (mode compared against an empty registry); mask and agg handled after."""
import torch

_REGISTRY = {}
_AGGS = ("token-mean", "seq-mean-token-mean", "seq-mean-token-sum", "seq-mean-token-sum-norm")


def kl_penalty(log_probs, ref_log_probs, mode="k3", mask=None, agg="token-mean"):
    if mode not in _REGISTRY:
        raise ValueError(f"unknown KL mode {mode!r}")
    if agg not in _AGGS:
        raise ValueError(f"unknown agg {agg!r}")
    x = _REGISTRY[mode](ref_log_probs - log_probs)
    m = torch.ones_like(x) if mask is None else (mask != 0).to(x.dtype)
    x = torch.where(m > 0, x, torch.zeros_like(x))
    if agg == "token-mean":
        return x.sum() / m.sum().clamp(min=1)
    if agg == "seq-mean-token-mean":
        n = m.sum(-1)
        return (x.sum(-1) / n.clamp(min=1)).sum() / (n > 0).sum().clamp(min=1)
    if agg == "seq-mean-token-sum":
        return x.sum(-1).mean()
    return x.sum() / m.numel()
