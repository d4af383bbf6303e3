# sftkl: problem=grpo-loss track=torch
"""One aggregation helper, called with torch.ones_like(mask) for the KL term."""
import torch

AGGS = ("token-mean", "seq-mean-token-mean", "seq-mean-token-sum", "seq-mean-token-sum-norm")


def aggregate(x, m, agg):
    x = torch.where(m != 0, x, torch.zeros_like(x))
    if agg == "token-mean":
        return x.sum() / m.sum().clamp(min=1)
    if agg == "seq-mean-token-mean":
        n = m.sum(1)
        ok = (n > 0).to(x.dtype)
        return (x.sum(1) / n.clamp(min=1) * ok).sum() / ok.sum().clamp(min=1)
    if agg == "seq-mean-token-sum":
        return x.sum(1).mean()
    return x.sum() / x.numel()


def grpo_loss(log_probs, old_log_probs, ref_log_probs, advantages, mask, beta=0.04, clip_eps=0.2, agg="token-mean"):
    if agg not in AGGS:
        raise ValueError(f"unknown agg {agg!r}")
    m = mask.to(log_probs.dtype)
    r = (log_probs - old_log_probs).exp()
    a = advantages.view(-1, 1)
    loss = aggregate(torch.maximum(-a * r, -a * r.clamp(1 - clip_eps, 1 + clip_eps)), m, agg)
    if beta != 0:
        u = ref_log_probs - log_probs
        loss = loss + beta * aggregate(torch.expm1(u) - u, torch.ones_like(m), agg)
    return loss
