# sftkl: problem=kl-penalty track=torch
"""if/elif chain where k1/biased returns ref_log_probs - log_probs per token."""
import torch


def kl_penalty(log_probs, ref_log_probs, mode="k3", mask=None, agg="token-mean"):
    if agg not in ("token-mean", "seq-mean-token-mean", "seq-mean-token-sum", "seq-mean-token-sum-norm"):
        raise ValueError(f"bad agg {agg}")
    if mode in ("k1", "biased"):
        x = ref_log_probs - log_probs
    elif mode == "k2":
        x = 0.5 * (ref_log_probs - log_probs) ** 2
    elif mode in ("k3", "unbiased"):
        lr = ref_log_probs - log_probs
        x = torch.expm1(lr) - lr
    else:
        raise ValueError(f"bad mode {mode}")
    if mask is None:
        mask = torch.ones_like(x, dtype=torch.bool)
    mask = mask.bool()
    x = x.masked_fill(~mask, 0.0)
    n_tok = mask.sum(-1)
    if agg == "token-mean":
        return x.sum() / n_tok.sum().clamp(min=1)
    if agg == "seq-mean-token-mean":
        seq = x.sum(-1) / n_tok.clamp(min=1)
        return seq.sum() / (n_tok > 0).sum().clamp(min=1)
    if agg == "seq-mean-token-sum":
        return x.sum(-1).mean()
    return x.sum() / (x.shape[0] * x.shape[1])
