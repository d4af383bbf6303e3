# sftkl: problem=grpo-loss track=torch
"""torch.where on the sign of A with the bounds on the wrong sides (max(r, 1-ε) for A >= 0)."""
import torch


def grpo_loss(log_probs, old_log_probs, ref_log_probs, advantages, mask, beta=0.04, clip_eps=0.2, agg="token-mean"):
    if agg not in ["token-mean", "seq-mean-token-mean", "seq-mean-token-sum", "seq-mean-token-sum-norm"]:
        raise ValueError(f"bad agg {agg}")
    r = torch.exp(log_probs - old_log_probs)
    A = advantages.unsqueeze(1)
    bounded = torch.where(A >= 0, torch.clamp(r, min=1 - clip_eps), torch.clamp(r, max=1 + clip_eps))
    x = -A * bounded
    if beta != 0:
        u = ref_log_probs - log_probs
        x = x + beta * (torch.exp(u) - 1 - u)
    keep = mask.bool()
    x = x.masked_fill(~keep, 0)
    n = keep.sum(1)
    B, T = x.shape
    if agg == "token-mean":
        return x.sum() / n.sum().clamp(min=1)
    if agg == "seq-mean-token-mean":
        ok = n > 0
        return (x.sum(1) / n.clamp(min=1)).masked_fill(~ok, 0).sum() / ok.sum().clamp(min=1)
    if agg == "seq-mean-token-sum":
        return x.sum() / B
    return x.sum() / (B * T)
