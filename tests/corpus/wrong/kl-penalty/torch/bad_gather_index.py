# sftkl: problem=kl-penalty track=torch
"""Selects the estimator from a stacked [3, B, T] tensor with .gather and a 1-D index: gather raises on the rank mismatch before any masking."""
import torch

_INDEX = {"k1": 0, "biased": 0, "k2": 1, "k3": 2, "unbiased": 2}
_AGGS = ("token-mean", "seq-mean-token-mean", "seq-mean-token-sum", "seq-mean-token-sum-norm")


def kl_penalty(log_probs, ref_log_probs, mode="k3", mask=None, agg="token-mean"):
    if mode not in _INDEX:
        raise ValueError(mode)
    if agg not in _AGGS:
        raise ValueError(agg)
    lr = ref_log_probs.float() - log_probs.float()
    stacked = torch.stack([-lr, 0.5 * lr ** 2, torch.expm1(lr) - lr])
    idx = torch.tensor([_INDEX[mode]])
    x = stacked.gather(0, idx)
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
