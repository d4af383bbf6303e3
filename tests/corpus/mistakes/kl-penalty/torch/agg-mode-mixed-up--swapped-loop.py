# sftkl: problem=kl-penalty track=torch
"""The two names' branches swapped in a per-row loop."""
import torch


def kl_penalty(log_probs, ref_log_probs, mode="k3", mask=None, agg="token-mean"):
    lr = ref_log_probs - log_probs
    if mode in ("k1", "biased"):
        x = -lr
    elif mode == "k2":
        x = 0.5 * lr ** 2
    elif mode in ("k3", "unbiased"):
        x = torch.exp(lr) - 1 - lr
    else:
        raise ValueError(f"mode {mode!r}")
    B, T = x.shape
    m = torch.ones_like(x) if mask is None else mask.to(x.dtype)
    sums = [(x[b] * m[b]).sum() for b in range(B)]
    cnts = [m[b].sum() for b in range(B)]
    if agg == "token-mean":  # swapped: this is the per-sequence mean
        per = [s / c for s, c in zip(sums, cnts) if c > 0]
        return torch.stack(per).mean() if per else (x * 0).sum()
    if agg == "seq-mean-token-mean":  # swapped: this is the pooled mean
        return torch.stack(sums).sum() / torch.stack(cnts).sum().clamp(min=1)
    if agg == "seq-mean-token-sum":
        return torch.stack(sums).mean()
    if agg == "seq-mean-token-sum-norm":
        return torch.stack(sums).sum() / (B * T)
    raise ValueError(f"agg {agg!r}")
