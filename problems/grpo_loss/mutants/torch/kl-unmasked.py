# sftkl: problem=grpo-loss track=torch
"""Policy loss and KL loss aggregated separately (verl style); the KL's agg_loss gets no mask."""
import torch


def _agg(x, m, agg):
    if agg == "token-mean":
        return (x * m).sum() / m.sum().clamp(min=1)
    if agg == "seq-mean-token-mean":
        n = m.sum(-1)
        keep = (n > 0).to(x.dtype)
        return ((x * m).sum(-1) / n.clamp(min=1) * keep).sum() / keep.sum().clamp(min=1)
    if agg == "seq-mean-token-sum":
        return (x * m).sum(-1).mean()
    if agg == "seq-mean-token-sum-norm":
        return (x * m).sum() / m.numel()
    raise ValueError(f"unknown agg {agg!r}")


def grpo_loss(log_probs, old_log_probs, ref_log_probs, advantages, mask, beta=0.04, clip_eps=0.2, agg="token-mean"):
    ratio = (log_probs - old_log_probs).exp()
    adv = advantages.unsqueeze(1)
    pg = torch.maximum(-adv * ratio, -adv * ratio.clamp(1 - clip_eps, 1 + clip_eps))
    m = mask.to(pg.dtype)
    loss = _agg(pg, m, agg)
    if beta != 0:
        kl = torch.exp(ref_log_probs - log_probs) - (ref_log_probs - log_probs) - 1
        loss = loss + beta * _agg(kl, torch.ones_like(kl), agg)
    return loss
