# sftkl: problem=grpo-loss track=torch
"""Mask as bool, masked_fill for the padding, counts from the bool mask."""
import torch


def grpo_loss(log_probs, old_log_probs, ref_log_probs, advantages, mask, beta=0.04, clip_eps=0.2, agg="token-mean"):
    valid = ("token-mean", "seq-mean-token-mean", "seq-mean-token-sum", "seq-mean-token-sum-norm")
    if agg not in valid:
        raise ValueError(f"unsupported agg {agg!r}")
    keep = mask.bool()
    ratio = torch.exp(log_probs - old_log_probs)
    adv = advantages.view(-1, 1).expand_as(ratio)
    obj = torch.minimum(ratio * adv, torch.clamp(ratio, min=1 - clip_eps, max=1 + clip_eps) * adv)
    loss = -obj
    if beta != 0:
        lr = ref_log_probs - log_probs
        loss = loss + beta * (lr.exp() - 1 - lr)
    loss = loss.masked_fill(~keep, 0.0)
    per_row = keep.sum(-1)
    if agg == "token-mean":
        return loss.sum() / per_row.sum().clamp(min=1)
    if agg == "seq-mean-token-mean":
        rows = per_row > 0
        means = loss.sum(-1) / per_row.clamp(min=1)
        return means.masked_fill(~rows, 0.0).sum() / rows.sum().clamp(min=1)
    if agg == "seq-mean-token-sum":
        return loss.sum(-1).mean()
    return loss.sum() / keep.numel()
