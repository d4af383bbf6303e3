# sftkl: problem=kl-penalty track=torch
"""if/elif with expm1 k3 applied to log_probs - ref_log_probs (inverted ratio)."""
import torch


def kl_penalty(log_probs, ref_log_probs, mode="k3"):
    d = log_probs - ref_log_probs
    if mode in ("k1", "biased"):
        out = d
    elif mode == "k2":
        out = 0.5 * d * d
    elif mode in ("k3", "unbiased"):
        out = torch.expm1(d) - d
    else:
        raise ValueError(mode)
    return out.mean()
