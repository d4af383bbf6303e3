# sftkl: problem=grpo-loss track=torch
"""Per-sequence mean first for token-mean as well (TRL grpo normaliser for both)."""
import torch


def grpo_loss(log_probs, old_log_probs, ref_log_probs, advantages, mask, beta=0.04, clip_eps=0.2, agg="token-mean"):
    if agg not in ("token-mean", "seq-mean-token-mean", "seq-mean-token-sum", "seq-mean-token-sum-norm"):
        raise ValueError(f"unknown agg {agg!r}")
    r = torch.exp(log_probs - old_log_probs)
    a = advantages[:, None]
    x = -torch.min(r * a, r.clamp(1 - clip_eps, 1 + clip_eps) * a)
    if beta != 0:
        d = ref_log_probs - log_probs
        x = x + beta * (torch.expm1(d) - d)
    keep = mask.bool()
    x = x.masked_fill(~keep, 0.0)
    n = keep.sum(-1)
    if agg in ("token-mean", "seq-mean-token-mean"):
        rows = n > 0
        return (x.sum(-1) / n.clamp(min=1)).sum() / rows.sum().clamp(min=1)
    if agg == "seq-mean-token-sum":
        return x.sum(-1).mean()
    return x.sum() / (x.shape[0] * x.shape[1])
