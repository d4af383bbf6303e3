# sftkl: problem=grpo-loss track=torch
"""ratio * advantages with advantages left [B]: it lines up with the token axis."""
import torch


def grpo_loss(log_probs, old_log_probs, ref_log_probs, advantages, mask, beta=0.04, clip_eps=0.2, agg="token-mean"):
    if agg not in ("token-mean", "seq-mean-token-mean", "seq-mean-token-sum", "seq-mean-token-sum-norm"):
        raise ValueError(f"unknown agg {agg!r}")
    ratio = torch.exp(log_probs - old_log_probs)
    loss = -torch.min(ratio * advantages, torch.clamp(ratio, 1 - clip_eps, 1 + clip_eps) * advantages)
    if beta != 0:
        lr = ref_log_probs - log_probs
        loss = loss + beta * (torch.exp(lr) - 1 - lr)
    m = mask.to(loss.dtype)
    loss = torch.where(m != 0, loss, torch.zeros_like(loss))
    n = m.sum(-1)
    if agg == "token-mean":
        return loss.sum() / n.sum().clamp(min=1)
    if agg == "seq-mean-token-mean":
        rows = (n > 0).to(loss.dtype)
        return ((loss.sum(-1) / n.clamp(min=1)) * rows).sum() / rows.sum().clamp(min=1)
    if agg == "seq-mean-token-sum":
        return loss.sum(-1).mean()
    return loss.sum() / (loss.shape[0] * loss.shape[1])
