# sftkl: problem=kl-penalty track=torch
"""Right 0-dim mean wrapped in a one-element Python list."""
import torch


def kl_penalty(log_probs, ref_log_probs, mode="k3"):
    lp = log_probs.to(torch.promote_types(log_probs.dtype, torch.float32))
    ref = ref_log_probs.to(torch.promote_types(ref_log_probs.dtype, torch.float32))
    log_r = ref - lp
    if mode in ("k1", "biased"):
        per_token = -log_r
    elif mode == "k2":
        per_token = 0.5 * log_r ** 2
    elif mode in ("k3", "unbiased"):
        per_token = torch.expm1(log_r) - log_r
    else:
        raise ValueError(f"unknown KL mode {mode!r}")
    return [per_token.mean()]
