# sftkl: problem=kl-penalty track=torch
"""Accepts mask but never uses it: every token, padding included, counts."""
import torch


def kl_penalty(log_probs, ref_log_probs, mode="k3", mask=None, agg="token-mean"):
    log_r = ref_log_probs - log_probs
    if mode in ("k1", "biased"):
        x = -log_r
    elif mode == "k2":
        x = 0.5 * log_r ** 2
    elif mode in ("k3", "unbiased"):
        x = torch.expm1(log_r) - log_r
    else:
        raise ValueError(f"unknown mode {mode!r}")
    if agg in ("token-mean", "seq-mean-token-mean"):
        return x.mean()
    if agg == "seq-mean-token-sum":
        return x.sum(dim=-1).mean()
    if agg == "seq-mean-token-sum-norm":
        return x.sum() / x.numel()
    raise ValueError(f"unknown agg {agg!r}")
