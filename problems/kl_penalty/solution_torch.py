# sftkl: problem=kl-penalty track=torch
import torch

# The course page's names are accepted as aliases; anything else is an error,
# so a typo cannot silently switch the training objective.
_MODES = {"k1": "k1", "biased": "k1", "k2": "k2", "k3": "k3", "unbiased": "k3"}
# verl's loss_agg_mode names (verl/trainer/ppo/core_algos.py, agg_loss).
_AGGS = ("token-mean", "seq-mean-token-mean", "seq-mean-token-sum", "seq-mean-token-sum-norm")


def kl_penalty(log_probs, ref_log_probs, mode="k3", mask=None, agg="token-mean"):
    if mode not in _MODES:
        raise ValueError(f"unknown KL mode {mode!r}; expected one of {sorted(_MODES)}")
    if agg not in _AGGS:
        raise ValueError(f"unknown agg {agg!r}; expected one of {list(_AGGS)}")
    kind = _MODES[mode]
    # The policy sampled the tokens: the ratio is reference over policy, r = π_ref / π_θ.
    log_r = ref_log_probs - log_probs
    if kind == "k1":
        per_token = -log_r                          # unbiased, high variance, can be < 0
    elif kind == "k2":
        per_token = 0.5 * log_r**2                  # biased, >= 0
    else:
        per_token = torch.expm1(log_r) - log_r      # (r - 1) - log r: unbiased, >= 0 (GRPO); unclamped
    if mask is None:
        mask = torch.ones_like(per_token)
    m = mask.to(per_token.dtype)                    # bool or float 0/1
    # where(): a masked token counts 0 even if its value is huge (0 * inf would be NaN)
    kept = torch.where(m != 0, per_token, torch.zeros_like(per_token)) * m
    B, T = m.shape
    if agg == "token-mean":
        return kept.sum() / m.sum().clamp(min=1)    # nothing kept -> 0 with zero gradient
    if agg == "seq-mean-token-mean":
        count = m.sum(-1)
        per_seq = kept.sum(-1) / count.clamp(min=1)
        rows = (count > 0).to(m.dtype)              # rows with nothing kept are left out (as verl does)
        return (per_seq * rows).sum() / rows.sum().clamp(min=1)
    if agg == "seq-mean-token-sum":
        return kept.sum(-1).sum() / B               # empty rows add 0 and count in B
    return kept.sum() / (B * T)                     # seq-mean-token-sum-norm (Dr. GRPO): T = mask.shape[1]
