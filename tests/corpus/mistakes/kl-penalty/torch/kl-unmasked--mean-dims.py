# sftkl: problem=kl-penalty track=torch
"""Reductions with .mean(dim=...) over the full [B, T] tensor; mask only checked for its shape."""
import torch


def kl_penalty(log_probs, ref_log_probs, mode="k3", mask=None, agg="token-mean"):
    if mask is not None and mask.shape != log_probs.shape:
        raise ValueError("mask shape")
    modes = {"k1": 1, "biased": 1, "k2": 2, "k3": 3, "unbiased": 3}
    if mode not in modes:
        raise ValueError(f"mode {mode!r}")
    lr = ref_log_probs - log_probs
    x = {1: -lr, 2: 0.5 * lr.square(), 3: torch.expm1(lr) - lr}[modes[mode]]
    if agg == "token-mean":
        return x.mean()
    if agg == "seq-mean-token-mean":
        return x.mean(dim=-1).mean()
    if agg == "seq-mean-token-sum":
        return x.sum(dim=-1).mean()
    if agg == "seq-mean-token-sum-norm":
        return x.sum(dim=-1).sum() / x.numel()
    raise ValueError(f"agg {agg!r}")
