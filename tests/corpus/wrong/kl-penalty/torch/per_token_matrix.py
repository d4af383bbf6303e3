# sftkl: problem=kl-penalty track=torch
"""Right per-token estimates, masked, returned as the [B, T] matrix instead of their aggregate."""
import torch


def kl_penalty(log_probs, ref_log_probs, mode="k3", mask=None, agg="token-mean"):
    if agg not in ("token-mean", "seq-mean-token-mean", "seq-mean-token-sum", "seq-mean-token-sum-norm"):
        raise ValueError(f"unknown agg {agg!r}")
    lp = log_probs.to(torch.promote_types(log_probs.dtype, torch.float32))
    ref = ref_log_probs.to(torch.promote_types(ref_log_probs.dtype, torch.float32))
    log_r = ref - lp
    if mode in ("k1", "biased"):
        per_token = -log_r
    elif mode == "k2":
        per_token = 0.5 * log_r ** 2
    elif mode in ("k3", "unbiased"):
        per_token = torch.expm1(log_r) - log_r
    else:
        raise ValueError(f"unknown KL mode {mode!r}")
    keep = torch.ones(per_token.shape, dtype=torch.bool) if mask is None else mask != 0
    return torch.where(keep, per_token, torch.zeros_like(per_token))
