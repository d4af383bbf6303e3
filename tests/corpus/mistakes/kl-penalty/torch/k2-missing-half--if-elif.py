# sftkl: problem=kl-penalty track=torch
"""if/elif over modes and aggs with aliases, float32-or-better compute, masked right; k2 is (log r)^2 without the 1/2."""
import torch


def kl_penalty(log_probs, ref_log_probs, mode="k3", mask=None, agg="token-mean"):
    up = torch.promote_types(log_probs.dtype, torch.float32)
    log_r = ref_log_probs.to(up) - log_probs.to(up)
    if mode in ("k1", "biased"):
        per_tok = -log_r
    elif mode == "k2":
        per_tok = log_r * log_r
    elif mode in ("k3", "unbiased"):
        per_tok = torch.expm1(log_r) - log_r
    else:
        raise ValueError("mode must be one of k1, k2, k3, biased, unbiased")
    keep = torch.ones(per_tok.shape, dtype=torch.bool) if mask is None else mask.bool()
    per_tok = torch.where(keep, per_tok, torch.zeros_like(per_tok))
    cnt = keep.to(up).sum(-1)
    if agg == "token-mean":
        return per_tok.sum() / cnt.sum().clamp(min=1)
    elif agg == "seq-mean-token-mean":
        return (per_tok.sum(-1) / cnt.clamp(min=1)).sum() / (cnt > 0).sum().clamp(min=1)
    elif agg == "seq-mean-token-sum":
        return per_tok.sum(-1).mean()
    elif agg == "seq-mean-token-sum-norm":
        return per_tok.sum() / keep.numel()
    else:
        raise ValueError("agg must be one of token-mean, seq-mean-token-mean, seq-mean-token-sum, seq-mean-token-sum-norm")
