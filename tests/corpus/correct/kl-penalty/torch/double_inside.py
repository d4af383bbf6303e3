# sftkl: problem=kl-penalty track=torch
"""Computes in float64 (.double()), mask included, and casts the scalar back to log_probs.dtype."""
import torch


def kl_penalty(log_probs, ref_log_probs, mode="k3", mask=None, agg="token-mean"):
    log_r = ref_log_probs.double() - log_probs.double()
    if mode in ("k1", "biased"):
        per_tok = -log_r
    elif mode == "k2":
        per_tok = (log_r ** 2) * 0.5
    elif mode in ("k3", "unbiased"):
        per_tok = torch.expm1(log_r) - log_r
    else:
        raise ValueError("mode must be k1, k2, k3, biased or unbiased")
    m = torch.ones_like(log_r) if mask is None else (mask != 0).double()
    per_tok = torch.where(m > 0, per_tok, torch.zeros_like(per_tok))
    B, T = m.shape
    if agg == "token-mean":
        val = per_tok.sum() / m.sum().clamp(min=1.0)
    elif agg == "seq-mean-token-mean":
        n = m.sum(dim=1)
        rows = (n > 0).double().sum()
        val = (per_tok.sum(dim=1) / n.clamp(min=1.0)).sum() / rows.clamp(min=1.0)
    elif agg == "seq-mean-token-sum":
        val = per_tok.sum(dim=1).mean()
    elif agg == "seq-mean-token-sum-norm":
        val = per_tok.sum() / (B * T)
    else:
        raise ValueError("agg must be token-mean, seq-mean-token-mean, seq-mean-token-sum or seq-mean-token-sum-norm")
    return val.to(log_probs.dtype)
