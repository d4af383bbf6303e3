# sftkl: problem=grpo-loss track=torch
"""The .float() idiom: inputs upcast to float32 (float64 inputs give a float32 result)."""
import torch


def grpo_loss(log_probs, old_log_probs, ref_log_probs, advantages, mask, beta=0.04, clip_eps=0.2, agg="token-mean"):
    lp = log_probs.float()
    r = (lp - old_log_probs.float()).exp()
    adv = advantages.float()[:, None]
    unclipped = r * adv
    clipped = r.clamp(1 - clip_eps, 1 + clip_eps) * adv
    loss = -torch.min(unclipped, clipped)
    if beta != 0:
        diff = ref_log_probs.float() - lp
        loss = loss + beta * (diff.exp() - diff - 1)
    m = mask.float()
    loss = loss * m
    tokens = m.sum(dim=1)
    if agg == "token-mean":
        return loss.sum() / tokens.sum().clamp(min=1)
    if agg == "seq-mean-token-mean":
        has = (tokens > 0).float()
        return (loss.sum(dim=1) / tokens.clamp(min=1) * has).sum() / has.sum().clamp(min=1)
    if agg == "seq-mean-token-sum":
        return loss.sum(dim=1).mean()
    if agg == "seq-mean-token-sum-norm":
        return loss.sum() / m.numel()
    raise ValueError("unknown agg: " + str(agg))
