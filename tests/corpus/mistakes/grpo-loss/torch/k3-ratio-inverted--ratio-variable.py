# sftkl: problem=grpo-loss track=torch
"""Explicit kl_ratio = exp(logp - ref), then ratio - log(ratio) - 1, in a float64 helper."""
import torch


def _agg(x, m, agg):
    B, T = m.shape
    if agg == "token-mean":
        return (x * m).sum() / m.sum().clamp(min=1)
    if agg == "seq-mean-token-mean":
        n = m.sum(-1)
        ok = n > 0
        return ((x * m).sum(-1)[ok] / n[ok]).sum() / max(int(ok.sum()), 1)
    if agg == "seq-mean-token-sum":
        return (x * m).sum() / B
    if agg == "seq-mean-token-sum-norm":
        return (x * m).sum() / (B * T)
    raise ValueError(f"unknown agg {agg}")


def grpo_loss(log_probs, old_log_probs, ref_log_probs, advantages, mask, beta=0.04, clip_eps=0.2, agg="token-mean"):
    lp = log_probs.double()
    ratio = torch.exp(lp - old_log_probs.double())
    adv = advantages.double().unsqueeze(1)
    per_tok = -torch.min(ratio * adv, torch.clamp(ratio, 1 - clip_eps, 1 + clip_eps) * adv)
    if beta != 0:
        kl_ratio = torch.exp(lp - ref_log_probs.double())
        per_tok = per_tok + beta * (kl_ratio - torch.log(kl_ratio) - 1)
    return _agg(per_tok, mask.double(), agg).to(log_probs.dtype)
