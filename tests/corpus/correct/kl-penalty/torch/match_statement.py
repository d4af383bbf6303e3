# sftkl: problem=kl-penalty track=torch
"""Python 3.10 match statements for both the estimator and the aggregation."""
import torch


def kl_penalty(log_probs, ref_log_probs, mode="k3", mask=None, agg="token-mean"):
    lr = ref_log_probs - log_probs
    match mode:
        case "k1" | "biased":
            val = -lr
        case "k2":
            val = lr.pow(2) * 0.5
        case "k3" | "unbiased":
            val = torch.exp(lr) - lr - 1
        case _:
            raise ValueError(f"Unknown KL estimator {mode!r}")
    m = torch.ones_like(val) if mask is None else mask.to(dtype=val.dtype)
    masked = val * m
    match agg:
        case "token-mean":
            return masked.sum() / m.sum().clamp(min=1.0)
        case "seq-mean-token-mean":
            tok = m.sum(dim=1)
            seq = masked.sum(dim=1) / tok.clamp(min=1.0)
            valid = tok > 0
            return seq[valid].sum() / valid.sum().clamp(min=1)
        case "seq-mean-token-sum":
            return masked.sum(dim=1).mean()
        case "seq-mean-token-sum-norm":
            return masked.sum() / m.numel()
        case _:
            raise ValueError(f"Unknown aggregation {agg!r}")
