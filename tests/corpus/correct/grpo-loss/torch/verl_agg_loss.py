# sftkl: problem=grpo-loss track=torch
"""verl style: loss-form policy term, an agg_loss helper with seq_mask, the KL aggregated by the same helper."""
import torch


def agg_loss(loss_mat, loss_mask, loss_agg_mode):
    if loss_agg_mode == "token-mean":
        return (loss_mat * loss_mask).sum() / loss_mask.sum().clamp(min=1)
    if loss_agg_mode == "seq-mean-token-sum":
        seq_losses = torch.sum(loss_mat * loss_mask, dim=-1)
        return seq_losses.sum() / loss_mask.shape[0]
    if loss_agg_mode == "seq-mean-token-mean":
        seq_count = torch.sum(loss_mask, dim=-1)
        seq_losses = torch.sum(loss_mat * loss_mask, dim=-1) / seq_count.clamp(min=1)
        seq_mask = (seq_count > 0).float().to(loss_mat.dtype)
        return (seq_losses * seq_mask).sum() / seq_mask.sum().clamp(min=1)
    if loss_agg_mode == "seq-mean-token-sum-norm":
        seq_losses = torch.sum(loss_mat * loss_mask, dim=-1)
        return torch.sum(seq_losses) / (loss_mask.shape[0] * loss_mask.shape[-1])
    raise ValueError(f"Invalid loss_agg_mode: {loss_agg_mode}")


def grpo_loss(log_probs, old_log_probs, ref_log_probs, advantages, mask, beta=0.04, clip_eps=0.2, agg="token-mean"):
    response_mask = mask.to(log_probs.dtype)
    adv = advantages.unsqueeze(-1) * torch.ones_like(log_probs)
    negative_approx_kl = log_probs - old_log_probs
    ratio = torch.exp(negative_approx_kl)
    pg_losses1 = -adv * ratio
    pg_losses2 = -adv * torch.clamp(ratio, 1 - clip_eps, 1 + clip_eps)
    pg_losses = torch.maximum(pg_losses1, pg_losses2)
    policy_loss = agg_loss(pg_losses, response_mask, agg)
    if beta != 0:
        kl = ref_log_probs - log_probs
        kld = torch.exp(kl) - kl - 1
        policy_loss = policy_loss + agg_loss(kld, response_mask, agg) * beta
    return policy_loss
