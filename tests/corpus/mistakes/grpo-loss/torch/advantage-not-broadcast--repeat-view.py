# sftkl: problem=grpo-loss track=torch
"""Per-token advantages built with advantages.repeat(T).view(B, T) (repeat_interleave was meant)."""
import torch


def grpo_loss(log_probs, old_log_probs, ref_log_probs, advantages, mask, beta=0.04, clip_eps=0.2, agg="token-mean"):
    if agg not in ("token-mean", "seq-mean-token-mean", "seq-mean-token-sum", "seq-mean-token-sum-norm"):
        raise ValueError(f"unknown agg {agg!r}")
    B, T = log_probs.shape
    adv_tok = advantages.repeat(T).view(B, T)
    ratio = torch.exp(log_probs - old_log_probs)
    x = -torch.min(ratio * adv_tok, torch.clamp(ratio, 1 - clip_eps, 1 + clip_eps) * adv_tok)
    if beta != 0:
        lr = ref_log_probs - log_probs
        x = x + beta * (torch.expm1(lr) - lr)
    m = mask.to(x.dtype)
    x = torch.where(m != 0, x, torch.zeros_like(x))
    if agg == "token-mean":
        return x.sum() / m.sum().clamp(min=1)
    if agg == "seq-mean-token-mean":
        n = m.sum(-1)
        rows = (n > 0).to(x.dtype)
        return (x.sum(-1) / n.clamp(min=1) * rows).sum() / rows.sum().clamp(min=1)
    if agg == "seq-mean-token-sum":
        return x.sum(-1).mean()
    return x.sum() / (B * T)
