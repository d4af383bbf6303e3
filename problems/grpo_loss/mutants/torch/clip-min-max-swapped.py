# sftkl: problem=grpo-loss track=torch
"""-torch.max of the two surrogate terms instead of -torch.min."""
import torch


def grpo_loss(log_probs, old_log_probs, ref_log_probs, advantages, mask, beta=0.04, clip_eps=0.2, agg="token-mean"):
    if agg not in ("token-mean", "seq-mean-token-mean", "seq-mean-token-sum", "seq-mean-token-sum-norm"):
        raise ValueError(f"unknown agg {agg!r}")
    ratio = torch.exp(log_probs - old_log_probs)
    adv = advantages.view(-1, 1)
    loss = -torch.max(ratio * adv, torch.clamp(ratio, 1 - clip_eps, 1 + clip_eps) * adv)
    if beta != 0:
        lr = ref_log_probs - log_probs
        loss = loss + beta * (torch.expm1(lr) - lr)
    keep = mask.bool()
    loss = loss.masked_fill(~keep, 0.0)
    n = keep.sum(-1)
    if agg == "token-mean":
        return loss.sum() / n.sum().clamp(min=1)
    if agg == "seq-mean-token-mean":
        seq = loss.sum(-1) / n.clamp(min=1)
        return seq.sum() / (n > 0).sum().clamp(min=1)
    if agg == "seq-mean-token-sum":
        return loss.sum(-1).mean()
    return loss.sum() / loss.numel()
