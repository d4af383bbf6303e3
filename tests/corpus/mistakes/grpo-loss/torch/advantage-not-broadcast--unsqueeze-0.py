# sftkl: problem=grpo-loss track=torch
"""advantages.unsqueeze(0): a [1, B] row, so token t of every sequence gets A[t]."""
import torch


def grpo_loss(log_probs, old_log_probs, ref_log_probs, advantages, mask, beta=0.04, clip_eps=0.2, agg="token-mean"):
    if agg not in ("token-mean", "seq-mean-token-mean", "seq-mean-token-sum", "seq-mean-token-sum-norm"):
        raise ValueError(f"unknown agg {agg}")
    coef_1 = torch.exp(log_probs - old_log_probs)
    coef_2 = torch.clamp(coef_1, 1 - clip_eps, 1 + clip_eps)
    adv = advantages.unsqueeze(0)
    per_token_loss = -torch.min(coef_1 * adv, coef_2 * adv)
    if beta != 0.0:
        per_token_loss = per_token_loss + beta * (torch.exp(ref_log_probs - log_probs) - (ref_log_probs - log_probs) - 1)
    keep = mask.bool()
    per_token_loss = torch.where(keep, per_token_loss, torch.zeros_like(per_token_loss))
    n = keep.sum(-1)
    B, T = keep.shape
    if agg == "token-mean":
        return per_token_loss.sum() / n.sum().clamp(min=1)
    if agg == "seq-mean-token-mean":
        ok = n > 0
        return (per_token_loss.sum(-1) / n.clamp(min=1))[ok].sum() / ok.sum().clamp(min=1)
    if agg == "seq-mean-token-sum":
        return per_token_loss.sum() / B
    return per_token_loss.sum() / (B * T)
