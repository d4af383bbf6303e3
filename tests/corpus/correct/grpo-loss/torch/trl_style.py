# sftkl: problem=grpo-loss track=torch
"""TRL GRPOTrainer._compute_loss style: coef_1/coef_2, per_token_loss, one normaliser per mode."""
import torch


def grpo_loss(log_probs, old_log_probs, ref_log_probs, advantages, mask, beta=0.04, clip_eps=0.2, agg="token-mean"):
    if advantages.dim() == 1:
        advantages = advantages.unsqueeze(1)
    coef_1 = torch.exp(log_probs - old_log_probs)
    coef_2 = torch.clamp(coef_1, 1 - clip_eps, 1 + clip_eps)
    per_token_loss1 = coef_1 * advantages
    per_token_loss2 = coef_2 * advantages
    per_token_loss = -torch.min(per_token_loss1, per_token_loss2)
    if beta != 0.0:
        per_token_kl = torch.exp(ref_log_probs - log_probs) - (ref_log_probs - log_probs) - 1
        per_token_loss = per_token_loss + beta * per_token_kl
    mask = mask.to(per_token_loss.dtype)
    if agg == "seq-mean-token-mean":
        counts = mask.sum(-1)
        per_seq = (per_token_loss * mask).sum(-1) / counts.clamp(min=1.0)
        nonempty = (counts > 0).to(per_seq.dtype)
        return (per_seq * nonempty).sum() / nonempty.sum().clamp(min=1.0)
    if agg == "token-mean":
        return (per_token_loss * mask).sum() / mask.sum().clamp(min=1.0)
    if agg == "seq-mean-token-sum-norm":
        return (per_token_loss * mask).sum() / (per_token_loss.size(0) * per_token_loss.size(1))
    if agg == "seq-mean-token-sum":
        return (per_token_loss * mask).sum(-1).mean()
    raise ValueError(f"Unknown agg: {agg}")
