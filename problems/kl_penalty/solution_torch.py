# sftkl: problem=kl-penalty track=torch
import torch

# The course page's names are accepted as aliases; anything else is an error,
# so a typo cannot silently switch the training objective.
_MODES = {"k1": "k1", "biased": "k1", "k2": "k2", "k3": "k3", "unbiased": "k3"}


def kl_penalty(log_probs, ref_log_probs, mode="k3"):
    if mode not in _MODES:
        raise ValueError(f"unknown KL mode {mode!r}; expected one of {sorted(_MODES)}")
    kind = _MODES[mode]
    # The policy sampled the tokens: the ratio is reference over policy, r = π_ref / π_θ.
    log_r = ref_log_probs - log_probs
    if kind == "k1":
        per_token = -log_r                          # unbiased, high variance, can be < 0
    elif kind == "k2":
        per_token = 0.5 * log_r**2                  # biased, low variance, >= 0
    else:
        per_token = torch.expm1(log_r) - log_r      # (r - 1) - log r: unbiased, >= 0 (GRPO)
    return per_token.mean()                         # tensor ops only: gradient reaches log_probs
