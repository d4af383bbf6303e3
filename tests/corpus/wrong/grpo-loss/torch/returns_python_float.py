# sftkl: problem=grpo-loss track=torch
"""Right value, returned as a Python float via .item()."""
import torch


def grpo_loss(log_probs, old_log_probs, ref_log_probs, advantages, mask, beta=0.04, clip_eps=0.2, agg="token-mean"):
    if agg not in ("token-mean", "seq-mean-token-mean", "seq-mean-token-sum", "seq-mean-token-sum-norm"):
        raise ValueError(f"unknown agg {agg!r}")
    ratio = torch.exp(log_probs - old_log_probs)
    adv = advantages[:, None]
    x = -torch.min(ratio * adv, ratio.clamp(1 - clip_eps, 1 + clip_eps) * adv)
    if beta != 0:
        d = ref_log_probs - log_probs
        x = x + beta * (torch.expm1(d) - d)
    m = mask.to(x.dtype)
    x = x * m
    n = m.sum(-1)
    if agg == "token-mean":
        out = x.sum() / m.sum().clamp(min=1)
    elif agg == "seq-mean-token-mean":
        rows = (n > 0).to(x.dtype)
        out = (x.sum(-1) / n.clamp(min=1) * rows).sum() / rows.sum().clamp(min=1)
    elif agg == "seq-mean-token-sum":
        out = x.sum(-1).mean()
    else:
        out = x.sum() / x.numel()
    return out.item()
