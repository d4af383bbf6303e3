# sftkl: problem=kl-penalty track=torch
"""k3 with torch.expm1(log_r) - log_r; the mask applied with torch.where, aggregation by if-chain."""
import torch


def kl_penalty(log_probs, ref_log_probs, mode="k3", mask=None, agg="token-mean"):
    if mode == "biased":
        mode = "k1"
    if mode == "unbiased":
        mode = "k3"
    diff = log_probs - ref_log_probs
    if mode == "k1":
        x = diff
    elif mode == "k2":
        x = diff ** 2 / 2
    elif mode == "k3":
        log_r = -diff
        x = torch.expm1(log_r) - log_r
    else:
        raise ValueError(mode)
    if mask is None:
        mask = torch.ones(x.shape, dtype=torch.bool)
    keep = mask != 0
    x = torch.where(keep, x, torch.zeros_like(x))
    cnt = keep.to(x.dtype)
    if agg == "token-mean":
        return x.sum() / torch.clamp(cnt.sum(), min=1.0)
    if agg == "seq-mean-token-mean":
        per_row = x.sum(1) / torch.clamp(cnt.sum(1), min=1.0)
        nonempty = cnt.sum(1) > 0
        return torch.where(nonempty, per_row, torch.zeros_like(per_row)).sum() / torch.clamp(nonempty.sum(), min=1)
    if agg == "seq-mean-token-sum":
        return x.sum(1).sum() / x.shape[0]
    if agg == "seq-mean-token-sum-norm":
        return x.sum() / (x.shape[0] * x.shape[1])
    raise ValueError(agg)
