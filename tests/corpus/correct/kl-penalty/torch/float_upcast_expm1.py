# sftkl: problem=kl-penalty track=torch
"""log_probs.float() / ref_log_probs.float() / mask.float() upcast, k3 via torch.expm1, masked means; returns float32."""
import torch

AGGS = ("token-mean", "seq-mean-token-mean", "seq-mean-token-sum", "seq-mean-token-sum-norm")


def kl_penalty(log_probs, ref_log_probs, mode="k3", mask=None, agg="token-mean"):
    if mode not in ("k1", "k2", "k3", "biased", "unbiased"):
        raise ValueError(f"unknown KL mode {mode!r}")
    if agg not in AGGS:
        raise ValueError(f"unknown agg {agg!r}")
    lp = log_probs.float()
    ref = ref_log_probs.float()
    log_r = ref - lp
    if mode in ("k1", "biased"):
        out = -log_r
    elif mode == "k2":
        out = 0.5 * log_r.pow(2)
    else:
        out = torch.expm1(log_r) - log_r
    m = torch.ones_like(out) if mask is None else (mask != 0).float()
    out = torch.where(m.bool(), out, torch.zeros_like(out))
    if agg == "token-mean":
        return out.sum() / m.sum().clamp(min=1.0)
    if agg == "seq-mean-token-mean":
        cnt = m.sum(-1)
        seq = out.sum(-1) / cnt.clamp(min=1.0)
        return seq.sum() / (cnt > 0).float().sum().clamp(min=1.0)
    if agg == "seq-mean-token-sum":
        return out.sum(-1).mean()
    return out.sum() / m.numel()
