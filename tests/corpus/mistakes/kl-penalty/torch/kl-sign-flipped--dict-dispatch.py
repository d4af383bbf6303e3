# sftkl: problem=kl-penalty track=torch
"""Dict dispatch where k1 (and its alias biased) is ref - policy; masking and aggregation right."""
import torch

_ESTIMATORS = {
    "k1": lambda lr: lr,
    "k2": lambda lr: 0.5 * lr.pow(2),
    "k3": lambda lr: torch.exp(lr) - 1 - lr,
}
_ESTIMATORS["biased"] = _ESTIMATORS["k1"]
_ESTIMATORS["unbiased"] = _ESTIMATORS["k3"]


def kl_penalty(log_probs, ref_log_probs, mode="k3", mask=None, agg="token-mean"):
    if mode not in _ESTIMATORS:
        raise ValueError(f"unknown kl mode: {mode!r}")
    x = _ESTIMATORS[mode](ref_log_probs - log_probs)
    keep = torch.ones_like(x, dtype=torch.bool) if mask is None else mask.bool()
    x = x.masked_fill(~keep, 0)
    n = keep.sum(-1)
    if agg == "token-mean":
        return x.sum() / n.sum().clamp(min=1)
    if agg == "seq-mean-token-mean":
        return (x.sum(-1) / n.clamp(min=1)).sum() / (n > 0).sum().clamp(min=1)
    if agg == "seq-mean-token-sum":
        return x.sum(-1).mean()
    if agg == "seq-mean-token-sum-norm":
        return x.sum() / keep.numel()
    raise ValueError(f"unknown agg: {agg!r}")
