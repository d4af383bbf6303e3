# sftkl: problem=kl-penalty track=torch
"""Per-token values in promote_types(dtype, float32) with method chaining; means written as .sum() / count, the norm one as .sum() / mask.numel()."""
import torch


def kl_penalty(log_probs, ref_log_probs, mode="k3", mask=None, agg="token-mean"):
    dtype = torch.promote_types(log_probs.dtype, torch.float32)
    lp = log_probs.to(dtype)
    ref = ref_log_probs.to(dtype)
    log_r = ref - lp
    if mode in {"k1", "biased"}:
        vals = lp - ref
    elif mode == "k2":
        vals = log_r.square().mul(0.5)
    elif mode in {"k3", "unbiased"}:
        vals = log_r.exp().sub(1).sub(log_r)
    else:
        raise ValueError(f"unknown mode {mode!r}")
    m = torch.ones_like(vals) if mask is None else mask.ne(0).to(dtype)
    vals = vals.where(m.bool(), vals.new_zeros(()))
    if agg == "token-mean":
        return vals.sum() / m.sum().clamp(min=1)
    if agg == "seq-mean-token-mean":
        n = m.sum(-1)
        return vals.sum(-1).div(n.clamp(min=1)).sum() / n.gt(0).sum().clamp(min=1)
    if agg == "seq-mean-token-sum":
        return vals.sum(-1).sum() / vals.shape[0]
    if agg == "seq-mean-token-sum-norm":
        return vals.sum() / m.numel()
    raise ValueError(f"unknown agg {agg!r}")
