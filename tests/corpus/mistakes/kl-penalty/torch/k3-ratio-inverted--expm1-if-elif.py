# sftkl: problem=kl-penalty track=torch
"""if/elif with expm1 k3 applied to log_probs - ref_log_probs (inverted ratio); masking and aggregation right."""
import torch


def kl_penalty(log_probs, ref_log_probs, mode="k3", mask=None, agg="token-mean"):
    d = log_probs - ref_log_probs
    if mode in ("k1", "biased"):
        out = d
    elif mode == "k2":
        out = 0.5 * d * d
    elif mode in ("k3", "unbiased"):
        out = torch.expm1(d) - d
    else:
        raise ValueError(mode)
    m = torch.ones_like(out) if mask is None else mask.to(out.dtype)
    out = torch.where(m > 0, out, torch.zeros_like(out))
    if agg == "token-mean":
        return out.sum() / m.sum().clamp(min=1)
    if agg == "seq-mean-token-mean":
        n = m.sum(-1)
        keep = n > 0
        return (out.sum(-1)[keep] / n[keep]).sum() / keep.sum().clamp(min=1)
    if agg == "seq-mean-token-sum":
        return out.sum(-1).mean()
    if agg == "seq-mean-token-sum-norm":
        return out.sum() / out.numel()
    raise ValueError(agg)
