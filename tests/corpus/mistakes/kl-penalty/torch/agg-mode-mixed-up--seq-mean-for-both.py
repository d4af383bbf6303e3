# sftkl: problem=kl-penalty track=torch
"""token-mean computed per sequence first (mean of row means), like seq-mean-token-mean."""
import torch


def kl_penalty(log_probs, ref_log_probs, mode="k3", mask=None, agg="token-mean"):
    if mode not in ("k1", "k2", "k3", "biased", "unbiased"):
        raise ValueError(mode)
    if agg not in ("token-mean", "seq-mean-token-mean", "seq-mean-token-sum", "seq-mean-token-sum-norm"):
        raise ValueError(agg)
    lr = ref_log_probs - log_probs
    if mode in ("k1", "biased"):
        x = -lr
    elif mode == "k2":
        x = 0.5 * lr * lr
    else:
        x = torch.expm1(lr) - lr
    keep = torch.ones_like(x, dtype=torch.bool) if mask is None else mask.bool()
    x = x.masked_fill(~keep, 0.0)
    n = keep.sum(-1)
    if agg == "seq-mean-token-sum":
        return x.sum(-1).mean()
    if agg == "seq-mean-token-sum-norm":
        return x.sum() / keep.numel()
    rows = n > 0
    return (x.sum(-1) / n.clamp(min=1))[rows].sum() / rows.sum().clamp(min=1)
