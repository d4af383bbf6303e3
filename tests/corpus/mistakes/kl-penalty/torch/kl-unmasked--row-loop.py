# sftkl: problem=kl-penalty track=torch
"""Loops over rows and averages each whole row: the padding at the end of a row counts."""
import torch

_AGGS = ("token-mean", "seq-mean-token-mean", "seq-mean-token-sum", "seq-mean-token-sum-norm")


def kl_penalty(log_probs, ref_log_probs, mode="k3", mask=None, agg="token-mean"):
    if agg not in _AGGS:
        raise ValueError(agg)
    lr = ref_log_probs - log_probs
    if mode in ("k1", "biased"):
        x = -lr
    elif mode == "k2":
        x = lr * lr / 2
    elif mode in ("k3", "unbiased"):
        x = lr.exp() - 1 - lr
    else:
        raise ValueError(mode)
    B, T = x.shape
    row_sums = torch.stack([x[b].sum() for b in range(B)])
    if agg == "token-mean":
        return row_sums.sum() / (B * T)
    if agg == "seq-mean-token-mean":
        return torch.stack([x[b].mean() for b in range(B)]).mean()
    if agg == "seq-mean-token-sum":
        return row_sums.mean()
    return row_sums.sum() / (B * T)
