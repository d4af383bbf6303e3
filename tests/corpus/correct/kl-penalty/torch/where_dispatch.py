# sftkl: problem=kl-penalty track=torch
"""All three estimators computed, one picked with torch.where on the mode; nansum-free masked means."""
import torch

_KIND = {"k1": 0, "biased": 0, "k2": 1, "k3": 2, "unbiased": 2}


def kl_penalty(log_probs, ref_log_probs, mode="k3", mask=None, agg="token-mean"):
    if mode not in _KIND:
        raise ValueError("unknown mode")
    log_r = ref_log_probs - log_probs
    k1, k2, k3 = -log_r, 0.5 * log_r * log_r, torch.expm1(log_r) - log_r
    kind = _KIND[mode]
    x = torch.where(torch.tensor(kind == 0), k1, torch.where(torch.tensor(kind == 1), k2, k3))
    m = torch.ones_like(x) if mask is None else mask.to(x.dtype)
    xm = torch.where(m != 0, x, torch.zeros_like(x)) * m
    if agg == "token-mean":
        out = xm.sum() / torch.maximum(m.sum(), torch.ones_like(m.sum()))
    elif agg == "seq-mean-token-mean":
        cnt = m.sum(-1)
        per = xm.sum(-1) / torch.maximum(cnt, torch.ones_like(cnt))
        nz = (cnt > 0).to(x.dtype)
        out = (per * nz).sum() / torch.maximum(nz.sum(), torch.ones_like(nz.sum()))
    elif agg == "seq-mean-token-sum":
        out = xm.sum(-1).mean()
    elif agg == "seq-mean-token-sum-norm":
        out = xm.sum() / float(xm.shape[0] * xm.shape[1])
    else:
        raise ValueError("unknown agg")
    return out
