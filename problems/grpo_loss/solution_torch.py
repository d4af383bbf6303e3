# sftkl: problem=grpo-loss track=torch
import torch

# verl's loss_agg_mode names (verl/trainer/ppo/core_algos.py, agg_loss); anything else is
# an error, so a typo cannot silently switch the training objective.
_AGGS = ("token-mean", "seq-mean-token-mean", "seq-mean-token-sum", "seq-mean-token-sum-norm")


def grpo_loss(log_probs, old_log_probs, ref_log_probs, advantages, mask, beta=0.04, clip_eps=0.2, agg="token-mean"):
    if agg not in _AGGS:
        raise ValueError(f"unknown agg {agg!r}; expected one of {list(_AGGS)}")
    # Clipped surrogate (PPO, as TRL's GRPOTrainer computes it): r = π_θ / π_old per token.
    ratio = torch.exp(log_probs - old_log_probs)
    adv = advantages.unsqueeze(-1)                  # [B] -> [B, 1]: one advantage for every token of its sequence
    per_token = -torch.min(ratio * adv, torch.clamp(ratio, 1 - clip_eps, 1 + clip_eps) * adv)
    if beta != 0:
        # k3 with the reference on top: exp(ref - logp) - (ref - logp) - 1, unclamped
        log_r = ref_log_probs - log_probs
        per_token = per_token + beta * (torch.expm1(log_r) - log_r)
    m = mask.to(per_token.dtype)                    # bool or float 0/1
    # where(): a masked token counts 0 even if its value is huge (0 * inf would be NaN)
    kept = torch.where(m != 0, per_token, torch.zeros_like(per_token)) * m
    B, T = m.shape
    if agg == "token-mean":                         # TRL "bnpo"
        return kept.sum() / m.sum().clamp(min=1)    # nothing kept -> 0 with zero gradient
    if agg == "seq-mean-token-mean":                # TRL "grpo" (but empty rows are left out here)
        count = m.sum(-1)
        per_seq = kept.sum(-1) / count.clamp(min=1)
        rows = (count > 0).to(m.dtype)
        return (per_seq * rows).sum() / rows.sum().clamp(min=1)
    if agg == "seq-mean-token-sum":
        return kept.sum(-1).sum() / B               # empty rows add 0 and count in B
    return kept.sum() / (B * T)                     # seq-mean-token-sum-norm: TRL "dr_grpo" with T = max_completion_length
