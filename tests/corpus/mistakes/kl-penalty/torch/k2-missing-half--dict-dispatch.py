# sftkl: problem=kl-penalty track=torch
"""Dict dispatch where k2 is lr.pow(2), the 1/2 forgotten; masking and aggregation right."""
import torch

_ESTIMATORS = {
    "k1": lambda lr: -lr,
    "k2": lambda lr: lr.pow(2),
    "k3": lambda lr: torch.expm1(lr) - lr,
}
_ALIAS = {"biased": "k1", "unbiased": "k3"}


def kl_penalty(log_probs, ref_log_probs, mode="k3", mask=None, agg="token-mean"):
    mode = _ALIAS.get(mode, mode)
    if mode not in _ESTIMATORS:
        raise ValueError(f"unknown kl mode: {mode!r}")
    x = _ESTIMATORS[mode](ref_log_probs - log_probs)
    m = torch.ones_like(x) if mask is None else mask.to(x.dtype)
    x = x * m
    if agg == "token-mean":
        return x.sum() / m.sum().clamp(min=1)
    if agg == "seq-mean-token-mean":
        n = m.sum(-1)
        return (x.sum(-1) / n.clamp(min=1)).sum() / (n > 0).sum().clamp(min=1)
    if agg == "seq-mean-token-sum":
        return x.sum(-1).mean()
    if agg == "seq-mean-token-sum-norm":
        return x.sum() / x.numel()
    raise ValueError(f"unknown agg: {agg!r}")
