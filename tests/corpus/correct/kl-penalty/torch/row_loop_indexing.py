# sftkl: problem=kl-penalty track=torch
"""Boolean indexing per row (x[b][keep[b]]) in a loop, with an early return of a graph-connected 0."""
import torch


def _estimate(log_r, mode):
    if mode in ("k1", "biased"):
        return -log_r
    if mode == "k2":
        return 0.5 * log_r.square()
    if mode in ("k3", "unbiased"):
        return torch.expm1(log_r) - log_r
    raise ValueError(f"mode {mode!r} is not k1, k2, k3, biased or unbiased")


def kl_penalty(log_probs, ref_log_probs, mode="k3", mask=None, agg="token-mean"):
    x = _estimate(ref_log_probs - log_probs, mode)
    if agg not in ("token-mean", "seq-mean-token-mean", "seq-mean-token-sum", "seq-mean-token-sum-norm"):
        raise ValueError(f"agg {agg!r} is not one of verl's modes")
    keep = torch.ones(x.shape, dtype=torch.bool) if mask is None else mask.bool()
    B, T = keep.shape
    rows = [x[b][keep[b]] for b in range(B)]
    n = sum(int(r.numel()) for r in rows)
    if n == 0:
        return (log_probs * 0.0).sum()
    if agg == "token-mean":
        return torch.cat(rows).sum() / n
    if agg == "seq-mean-token-mean":
        means = [r.mean() for r in rows if r.numel() > 0]
        return torch.stack(means).mean()
    sums = torch.stack([r.sum() for r in rows])
    if agg == "seq-mean-token-sum":
        return sums.mean()
    return sums.sum() / (B * T)
