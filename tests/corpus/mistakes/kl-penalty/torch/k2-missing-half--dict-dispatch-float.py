# sftkl: problem=kl-penalty track=torch
"""Dicts of per-token and aggregation lambdas on .float() inputs and mask, aliases as extra keys; k2 is lr.pow(2) without the 1/2."""
import torch

_ESTIMATORS = {
    "k1": lambda lr: -lr,
    "k2": lambda lr: lr.pow(2),
    "k3": lambda lr: torch.exp(lr) - 1 - lr,
}
_ESTIMATORS["biased"] = _ESTIMATORS["k1"]
_ESTIMATORS["unbiased"] = _ESTIMATORS["k3"]

_AGG = {
    "token-mean": lambda x, m: x.sum() / m.sum().clamp(min=1),
    "seq-mean-token-mean": lambda x, m: (x.sum(-1) / m.sum(-1).clamp(min=1)).sum() / (m.sum(-1) > 0).sum().clamp(min=1),
    "seq-mean-token-sum": lambda x, m: x.sum(-1).mean(),
    "seq-mean-token-sum-norm": lambda x, m: x.sum() / m.numel(),
}


def kl_penalty(log_probs, ref_log_probs, mode="k3", mask=None, agg="token-mean"):
    if mode not in _ESTIMATORS:
        raise ValueError(f"unknown kl mode: {mode!r}")
    if agg not in _AGG:
        raise ValueError(f"unknown agg: {agg!r}")
    log_ratio = ref_log_probs.float() - log_probs.float()
    x = _ESTIMATORS[mode](log_ratio)
    m = torch.ones_like(x) if mask is None else (mask != 0).float()
    x = torch.where(m > 0, x, torch.zeros_like(x))
    return _AGG[agg](x, m)
