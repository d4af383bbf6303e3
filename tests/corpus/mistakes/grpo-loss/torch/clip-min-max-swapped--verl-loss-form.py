# sftkl: problem=grpo-loss track=torch
"""verl's loss form with torch.minimum where torch.maximum belongs."""
import torch


def grpo_loss(log_probs, old_log_probs, ref_log_probs, advantages, mask, beta=0.04, clip_eps=0.2, agg="token-mean"):
    ratio = torch.exp(log_probs - old_log_probs)
    adv = advantages.unsqueeze(-1)
    pg_losses1 = -adv * ratio
    pg_losses2 = -adv * torch.clamp(ratio, 1 - clip_eps, 1 + clip_eps)
    loss_mat = torch.minimum(pg_losses1, pg_losses2)
    if beta != 0:
        kl = ref_log_probs - log_probs
        loss_mat = loss_mat + beta * (torch.exp(kl) - kl - 1)
    m = mask.to(loss_mat.dtype)
    if agg == "token-mean":
        return (loss_mat * m).sum() / m.sum().clamp(min=1)
    if agg == "seq-mean-token-mean":
        cnt = m.sum(-1)
        seq_mask = (cnt > 0).to(m.dtype)
        return ((loss_mat * m).sum(-1) / cnt.clamp(min=1) * seq_mask).sum() / seq_mask.sum().clamp(min=1)
    if agg == "seq-mean-token-sum":
        return (loss_mat * m).sum(-1).mean()
    if agg == "seq-mean-token-sum-norm":
        return (loss_mat * m).sum() / (m.shape[0] * m.shape[1])
    raise ValueError(f"Invalid loss_agg_mode: {agg}")
