# sftkl: problem=kl-penalty track=torch
"""Dicts of lambdas for both the per-token estimator and the aggregation, mask as a float weight."""
import torch

_ESTIMATORS = {
    "k1": lambda lr: -lr,
    "k2": lambda lr: 0.5 * lr.pow(2),
    "k3": lambda lr: torch.exp(lr) - 1 - lr,
}
_ESTIMATORS["biased"] = _ESTIMATORS["k1"]
_ESTIMATORS["unbiased"] = _ESTIMATORS["k3"]


def _seq_mean_token_mean(x, m):
    n = m.sum(-1)
    has = (n > 0).to(x.dtype)
    return ((x * m).sum(-1) / n.clamp(min=1) * has).sum() / has.sum().clamp(min=1)


_AGG = {
    "token-mean": lambda x, m: (x * m).sum() / m.sum().clamp(min=1),
    "seq-mean-token-mean": _seq_mean_token_mean,
    "seq-mean-token-sum": lambda x, m: (x * m).sum(-1).mean(),
    "seq-mean-token-sum-norm": lambda x, m: (x * m).sum() / (m.shape[0] * m.shape[1]),
}


def kl_penalty(log_probs, ref_log_probs, mode="k3", mask=None, agg="token-mean"):
    if mode not in _ESTIMATORS:
        raise ValueError(f"unknown kl mode: {mode!r}")
    if agg not in _AGG:
        raise ValueError(f"unknown agg: {agg!r}")
    log_ratio = ref_log_probs - log_probs
    x = _ESTIMATORS[mode](log_ratio)
    m = torch.ones_like(x) if mask is None else mask.to(x.dtype)
    return _AGG[agg](x, m)
