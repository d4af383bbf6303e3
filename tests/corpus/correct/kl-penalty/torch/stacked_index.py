# sftkl: problem=kl-penalty track=torch
"""Stacks the k1/k2/k3 per-token tensors, indexes the selected one, masks it, and sums over dim=tuple(range(ndim)) for each aggregation."""
import torch

_INDEX = {"k1": 0, "biased": 0, "k2": 1, "k3": 2, "unbiased": 2}
_AGGS = ("token-mean", "seq-mean-token-mean", "seq-mean-token-sum", "seq-mean-token-sum-norm")


def kl_penalty(log_probs, ref_log_probs, mode="k3", mask=None, agg="token-mean"):
    if mode not in _INDEX:
        raise ValueError(f"unknown KL mode {mode!r}")
    if agg not in _AGGS:
        raise ValueError(f"unknown agg {agg!r}")
    lp = log_probs.float() if log_probs.dtype in (torch.bfloat16, torch.float16) else log_probs
    ref = ref_log_probs.float() if ref_log_probs.dtype in (torch.bfloat16, torch.float16) else ref_log_probs
    lr = ref - lp
    per = torch.stack([-lr, 0.5 * lr ** 2, torch.expm1(lr) - lr])[_INDEX[mode]]
    keep = torch.ones(per.shape, dtype=torch.bool) if mask is None else mask.bool()
    per = torch.where(keep, per, torch.zeros_like(per))
    w = keep.to(per.dtype)
    all_dims = tuple(range(per.dim()))
    if agg == "token-mean":
        return per.sum(dim=all_dims) / w.sum(dim=all_dims).clamp(min=1)
    if agg == "seq-mean-token-mean":
        n = w.sum(dim=-1)
        return (per.sum(dim=-1) / n.clamp(min=1)).sum() / (n > 0).sum().clamp(min=1)
    if agg == "seq-mean-token-sum":
        return per.sum(dim=-1).mean()
    return per.sum(dim=all_dims) / w.numel()
