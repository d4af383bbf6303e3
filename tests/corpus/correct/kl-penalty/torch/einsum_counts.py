# sftkl: problem=kl-penalty track=torch
"""Per-row sums with torch.einsum against a float mask; verl-like seq_mask for empty rows."""
import torch

MODES = {"k1", "k2", "k3", "biased", "unbiased"}
AGG_MODES = ("token-mean", "seq-mean-token-mean", "seq-mean-token-sum", "seq-mean-token-sum-norm")


def kl_penalty(log_probs, ref_log_probs, mode="k3", mask=None, agg="token-mean"):
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode}")
    if agg not in AGG_MODES:
        raise ValueError(f"unknown loss_agg_mode {agg}")
    kl = ref_log_probs - log_probs  # log r
    if mode in ("k1", "biased"):
        kl = -kl
    elif mode == "k2":
        kl = 0.5 * kl.square()
    else:
        kl = kl.exp() - kl - 1
    loss_mask = torch.ones_like(kl) if mask is None else mask.to(kl.dtype)
    kl = torch.where(loss_mask.bool(), kl, torch.zeros_like(kl))
    seq_sums = torch.einsum("bt,bt->b", kl, loss_mask)
    seq_counts = loss_mask.sum(-1)
    if agg == "token-mean":
        return seq_sums.sum() / seq_counts.sum().clamp(min=1.0)
    if agg == "seq-mean-token-mean":
        seq_mask = (seq_counts > 0).to(kl.dtype)  # exclude fully masked sequences
        seq_losses = seq_sums / seq_counts.clamp(min=1.0)
        return (seq_losses * seq_mask).sum() / seq_mask.sum().clamp(min=1.0)
    if agg == "seq-mean-token-sum":
        return seq_sums.mean()
    return seq_sums.sum() / (loss_mask.shape[0] * loss_mask.shape[-1])
