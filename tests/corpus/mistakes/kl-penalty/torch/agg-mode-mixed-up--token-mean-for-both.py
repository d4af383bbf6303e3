# sftkl: problem=kl-penalty track=torch
"""seq-mean-token-mean handled as one pooled mean over every kept token (that is token-mean)."""
import torch


def kl_penalty(log_probs, ref_log_probs, mode="k3", mask=None, agg="token-mean"):
    log_r = ref_log_probs - log_probs
    if mode in ("k1", "biased"):
        x = -log_r
    elif mode == "k2":
        x = 0.5 * log_r.pow(2)
    elif mode in ("k3", "unbiased"):
        x = log_r.exp() - 1 - log_r
    else:
        raise ValueError(f"unknown mode {mode!r}")
    m = torch.ones_like(x) if mask is None else mask.to(x.dtype)
    x = torch.where(m > 0, x, torch.zeros_like(x))
    if agg in ("token-mean", "seq-mean-token-mean"):
        return (x * m).sum() / m.sum().clamp(min=1)
    if agg == "seq-mean-token-sum":
        return (x * m).sum(-1).mean()
    if agg == "seq-mean-token-sum-norm":
        return (x * m).sum() / m.numel()
    raise ValueError(f"unknown agg {agg!r}")
