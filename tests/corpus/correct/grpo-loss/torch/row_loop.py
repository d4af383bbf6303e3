# sftkl: problem=grpo-loss track=torch
"""A Python loop over sequences, each row's kept tokens picked by boolean indexing."""
import torch


def grpo_loss(log_probs, old_log_probs, ref_log_probs, advantages, mask, beta=0.04, clip_eps=0.2, agg="token-mean"):
    if agg not in ("token-mean", "seq-mean-token-mean", "seq-mean-token-sum", "seq-mean-token-sum-norm"):
        raise ValueError(f"unknown agg {agg}")
    B, T = log_probs.shape
    keep = mask != 0
    total = log_probs.sum() * 0.0
    n_tokens = 0
    row_means = []
    for b in range(B):
        k = keep[b]
        lp = log_probs[b][k]
        r = torch.exp(lp - old_log_probs[b][k])
        a = advantages[b]
        tok = -torch.min(r * a, torch.clamp(r, 1 - clip_eps, 1 + clip_eps) * a)
        if beta != 0:
            d = ref_log_probs[b][k] - lp
            tok = tok + beta * (torch.exp(d) - d - 1)
        s = tok.sum()
        total = total + s
        n = int(k.sum())
        n_tokens += n
        if n > 0:
            row_means.append(s / n)
    if agg == "token-mean":
        return total / max(n_tokens, 1)
    if agg == "seq-mean-token-mean":
        return torch.stack(row_means).mean() if row_means else total
    if agg == "seq-mean-token-sum":
        return total / B
    return total / (B * T)
