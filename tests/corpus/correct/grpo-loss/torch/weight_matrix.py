# sftkl: problem=grpo-loss track=torch
"""Each mode as a [B, T] weight matrix w, loss = (w * x).sum(); match statement dispatch."""
import torch


def _weights(m, agg):
    B, T = m.shape
    match agg:
        case "token-mean":
            return m / m.sum().clamp(min=1)
        case "seq-mean-token-mean":
            n = m.sum(-1, keepdim=True)
            rows = (n > 0).to(m.dtype).sum()
            return m / n.clamp(min=1) / rows.clamp(min=1)
        case "seq-mean-token-sum":
            return m / B
        case "seq-mean-token-sum-norm":
            return m / (B * T)
        case _:
            raise ValueError(f"unknown agg {agg!r}")


def grpo_loss(log_probs, old_log_probs, ref_log_probs, advantages, mask, beta=0.04, clip_eps=0.2, agg="token-mean"):
    m = mask.to(log_probs.dtype)
    w = _weights(m, agg)
    ratio = torch.exp(log_probs - old_log_probs)
    adv = advantages.repeat_interleave(log_probs.shape[1]).view_as(log_probs)
    x = -torch.min(ratio * adv, ratio.clamp(1 - clip_eps, 1 + clip_eps) * adv)
    if beta != 0:
        x = x + beta * (torch.exp(ref_log_probs - log_probs) - (ref_log_probs - log_probs) - 1)
    x = torch.where(w != 0, x, torch.zeros_like(x))
    return (w * x).sum()
