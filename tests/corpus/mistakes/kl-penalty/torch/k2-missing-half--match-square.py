# sftkl: problem=kl-penalty track=torch
"""match statement where k2 is (log_probs - ref_log_probs).square(): MSE without the 1/2."""
import torch


def kl_penalty(log_probs, ref_log_probs, mode="k3", mask=None, agg="token-mean"):
    d = log_probs - ref_log_probs
    match mode:
        case "k1" | "biased":
            x = d
        case "k2":
            x = d.square()
        case "k3" | "unbiased":
            x = torch.exp(-d) - 1 + d
        case _:
            raise ValueError(f"mode {mode!r}")
    keep = torch.ones(x.shape, dtype=torch.bool) if mask is None else mask.bool()
    x = torch.where(keep, x, torch.zeros_like(x))
    cnt = keep.sum(1)
    match agg:
        case "token-mean":
            return x.sum() / cnt.sum().clamp(min=1)
        case "seq-mean-token-mean":
            seq = x.sum(1) / cnt.clamp(min=1)
            return seq[cnt > 0].sum() / (cnt > 0).sum().clamp(min=1)
        case "seq-mean-token-sum":
            return x.sum(1).sum() / x.shape[0]
        case "seq-mean-token-sum-norm":
            return x.sum() / (x.shape[0] * x.shape[1])
        case _:
            raise ValueError(f"agg {agg!r}")
