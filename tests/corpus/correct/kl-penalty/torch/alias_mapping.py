# sftkl: problem=kl-penalty track=torch
"""Canonicalizes mode through an alias mapping; masks with masked_fill on a bool mask."""
import torch

ALIASES = {"biased": "k1", "unbiased": "k3", "k1": "k1", "k2": "k2", "k3": "k3"}
AGGS = {"token-mean", "seq-mean-token-mean", "seq-mean-token-sum", "seq-mean-token-sum-norm"}


def _per_token(log_ratio, kind):
    if kind == "k1":
        return -log_ratio
    if kind == "k2":
        return log_ratio.square() / 2
    return (log_ratio.exp() - 1) - log_ratio


def kl_penalty(log_probs, ref_log_probs, mode="k3", mask=None, agg="token-mean"):
    try:
        kind = ALIASES[mode]
    except KeyError:
        raise ValueError(f"kl_penalty: unsupported mode {mode!r}; expected one of {sorted(ALIASES)}") from None
    if agg not in AGGS:
        raise ValueError(f"kl_penalty: unsupported agg {agg!r}")
    x = _per_token(ref_log_probs - log_probs, kind)
    keep = torch.ones_like(x, dtype=torch.bool) if mask is None else mask.bool()
    x = x.masked_fill(~keep, 0.0)
    n_row = keep.sum(dim=-1)
    if agg == "token-mean":
        return x.sum() / n_row.sum().clamp(min=1)
    if agg == "seq-mean-token-mean":
        row_mean = x.sum(dim=-1) / n_row.clamp(min=1)
        return row_mean.sum() / (n_row > 0).sum().clamp(min=1)
    if agg == "seq-mean-token-sum":
        return x.sum(dim=-1).mean()
    return x.sum() / keep.numel()
