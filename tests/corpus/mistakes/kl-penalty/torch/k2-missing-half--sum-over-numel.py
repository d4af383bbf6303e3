# sftkl: problem=kl-penalty track=torch
"""float64 compute, masked .sum() / count (.sum() / .numel() for the norm agg), result cast back to log_probs.dtype; k2 is log_r.square() without the 1/2."""
import torch


def kl_penalty(log_probs, ref_log_probs, mode="k3", mask=None, agg="token-mean"):
    log_r = ref_log_probs.double() - log_probs.double()
    if mode in {"k1", "biased"}:
        vals = -log_r
    elif mode == "k2":
        vals = log_r.square()
    elif mode in {"k3", "unbiased"}:
        vals = log_r.exp() - 1 - log_r
    else:
        raise ValueError(f"unknown mode {mode!r}")
    m = torch.ones_like(vals) if mask is None else (mask != 0).double()
    vals = torch.where(m > 0, vals, torch.zeros_like(vals))
    if agg == "token-mean":
        out = vals.sum() / m.sum().clamp(min=1)
    elif agg == "seq-mean-token-mean":
        n = m.sum(-1)
        out = (vals.sum(-1) / n.clamp(min=1)).sum() / (n > 0).sum().clamp(min=1)
    elif agg == "seq-mean-token-sum":
        out = vals.sum(-1).sum() / vals.shape[0]
    elif agg == "seq-mean-token-sum-norm":
        out = vals.sum() / vals.numel()
    else:
        raise ValueError(f"unknown agg {agg!r}")
    return out.to(log_probs.dtype)
