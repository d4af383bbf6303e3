# sftkl: problem=grpo-loss track=torch
"""Everything computed in float64 and cast back to the input dtype."""
import torch


def grpo_loss(log_probs, old_log_probs, ref_log_probs, advantages, mask, beta=0.04, clip_eps=0.2, agg="token-mean"):
    aggs = {"token-mean", "seq-mean-token-mean", "seq-mean-token-sum", "seq-mean-token-sum-norm"}
    if agg not in aggs:
        raise ValueError(f"agg must be one of {sorted(aggs)}, got {agg!r}")
    lp = log_probs.double()
    ratio = torch.exp(lp - old_log_probs.double())
    a = advantages.double().reshape(-1, 1)
    x = -torch.minimum(ratio * a, ratio.clamp(1.0 - clip_eps, 1.0 + clip_eps) * a)
    if beta:
        lr = ref_log_probs.double() - lp
        x = x + beta * (torch.expm1(lr) - lr)
    m = mask.double()
    x = x * m
    B, T = m.shape
    if agg == "token-mean":
        out = x.sum() / torch.clamp(m.sum(), min=1.0)
    elif agg == "seq-mean-token-mean":
        n = m.sum(1)
        live = n > 0
        out = (x.sum(1)[live] / n[live]).sum() / max(int(live.sum()), 1)
    elif agg == "seq-mean-token-sum":
        out = x.sum() / B
    else:
        out = x.sum() / (B * T)
    return out.to(log_probs.dtype)
