# sftkl: problem=kl-penalty track=torch
"""Computes all three per-token estimators and selects one with nested torch.where on mode flags; the mask applied with torch.where too."""
import torch

_KIND = {"k1": 1, "biased": 1, "k2": 2, "k3": 3, "unbiased": 3}
_AGG = {"token-mean": 1, "seq-mean-token-mean": 2, "seq-mean-token-sum": 3, "seq-mean-token-sum-norm": 4}


def kl_penalty(log_probs, ref_log_probs, mode="k3", mask=None, agg="token-mean"):
    if mode not in _KIND:
        raise ValueError(f"mode must be one of {sorted(_KIND)}, got {mode!r}")
    if agg not in _AGG:
        raise ValueError(f"agg must be one of {sorted(_AGG)}, got {agg!r}")
    kind = _KIND[mode]
    lp = log_probs.to(torch.promote_types(log_probs.dtype, torch.float32))
    ref = ref_log_probs.to(torch.promote_types(ref_log_probs.dtype, torch.float32))
    log_r = ref - lp
    k1 = -log_r
    k2 = 0.5 * log_r * log_r
    k3 = torch.expm1(log_r) - log_r
    is_k1 = torch.tensor(kind == 1)
    is_k2 = torch.tensor(kind == 2)
    per_token = torch.where(is_k1, k1, torch.where(is_k2, k2, k3))
    keep = torch.ones(per_token.shape, dtype=torch.bool) if mask is None else mask != 0
    per_token = torch.where(keep, per_token, torch.zeros_like(per_token))
    m = keep.to(per_token.dtype)
    a = _AGG[agg]
    if a == 1:
        return per_token.sum() / m.sum().clamp(min=1)
    if a == 2:
        n = m.sum(-1)
        nonempty = n > 0
        per_seq = torch.where(nonempty, per_token.sum(-1) / n.clamp(min=1), torch.zeros_like(n))
        return per_seq.sum() / nonempty.sum().clamp(min=1)
    if a == 3:
        return per_token.sum(-1).mean()
    return per_token.sum() / (m.shape[0] * m.shape[1])
