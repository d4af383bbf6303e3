# sftkl: problem=kl-penalty track=torch
"""TRL-style formulas ((x * mask).sum(-1) / mask.sum(-1).clamp(min=1.0)) adapted to this contract."""
import torch


def kl_penalty(log_probs, ref_log_probs, mode="k3", mask=None, agg="token-mean"):
    if mode in ("k3", "unbiased"):
        per_token_kl = torch.exp(ref_log_probs - log_probs) - (ref_log_probs - log_probs) - 1
    elif mode == "k2":
        per_token_kl = (log_probs - ref_log_probs) ** 2 / 2
    elif mode in ("k1", "biased"):
        per_token_kl = log_probs - ref_log_probs
    else:
        raise ValueError(f"mode={mode!r}")
    completion_mask = torch.ones_like(per_token_kl) if mask is None else mask.to(per_token_kl.dtype)
    per_token_kl = torch.where(completion_mask > 0, per_token_kl, 0.0)
    if agg == "seq-mean-token-mean":
        seq = (per_token_kl * completion_mask).sum(-1) / completion_mask.sum(-1).clamp(min=1.0)
        # unlike TRL's "grpo", a row with no completion token is left out of the mean
        nonempty = completion_mask.sum(-1) > 0
        return seq.sum() / nonempty.sum().clamp(min=1)
    if agg == "token-mean":  # TRL "bnpo"
        return (per_token_kl * completion_mask).sum() / completion_mask.sum().clamp(min=1.0)
    if agg == "seq-mean-token-sum-norm":  # TRL "dr_grpo" with max_completion_length = T
        return (per_token_kl * completion_mask).sum() / (per_token_kl.size(0) * per_token_kl.size(1))
    if agg == "seq-mean-token-sum":
        return (per_token_kl * completion_mask).sum(-1).mean()
    raise ValueError(f"agg={agg!r}")
