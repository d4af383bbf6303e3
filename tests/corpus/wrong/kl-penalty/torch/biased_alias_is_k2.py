# sftkl: problem=kl-penalty track=torch
"""Maps the alias "biased" to k2 (the estimator that really is biased) instead of k1; everything else, mask and agg included, right."""
import torch

_ALIASES = {"k1": "k1", "biased": "k2", "k2": "k2", "k3": "k3", "unbiased": "k3"}
_AGGS = ("token-mean", "seq-mean-token-mean", "seq-mean-token-sum", "seq-mean-token-sum-norm")


def kl_penalty(log_probs, ref_log_probs, mode="k3", mask=None, agg="token-mean"):
    if mode not in _ALIASES:
        raise ValueError(mode)
    if agg not in _AGGS:
        raise ValueError(agg)
    kind = _ALIASES[mode]
    log_r = ref_log_probs.float() - log_probs.float()
    if kind == "k1":
        x = -log_r
    elif kind == "k2":
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
