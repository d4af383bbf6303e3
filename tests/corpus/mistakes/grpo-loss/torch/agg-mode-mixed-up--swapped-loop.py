# sftkl: problem=grpo-loss track=torch
"""Row loop whose two mean modes are swapped."""
import torch


def grpo_loss(log_probs, old_log_probs, ref_log_probs, advantages, mask, beta=0.04, clip_eps=0.2, agg="token-mean"):
    if agg not in ("token-mean", "seq-mean-token-mean", "seq-mean-token-sum", "seq-mean-token-sum-norm"):
        raise ValueError(f"unknown agg {agg}")
    B, T = log_probs.shape
    total = log_probs.sum() * 0
    count = 0
    means = []
    for b in range(B):
        k = mask[b] != 0
        r = torch.exp(log_probs[b][k] - old_log_probs[b][k])
        a = advantages[b]
        tok = -torch.min(r * a, torch.clamp(r, 1 - clip_eps, 1 + clip_eps) * a)
        if beta != 0:
            d = ref_log_probs[b][k] - log_probs[b][k]
            tok = tok + beta * (torch.exp(d) - d - 1)
        total = total + tok.sum()
        count += int(k.sum())
        if k.any():
            means.append(tok.mean())
    if agg == "seq-mean-token-mean":
        return total / max(count, 1)
    if agg == "token-mean":
        return torch.stack(means).mean() if means else total
    if agg == "seq-mean-token-sum":
        return total / B
    return total / (B * T)
