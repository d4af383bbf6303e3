# sftkl: problem=kl-penalty track=torch
"""Builds r = exp(ref - policy) and writes k1/k2/k3 in terms of r and log r."""
import torch


def kl_penalty(log_probs, ref_log_probs, mode="k3"):
    valid = {"k1", "k2", "k3", "biased", "unbiased"}
    if mode not in valid:
        raise ValueError(f"invalid mode {mode}")
    log_r = ref_log_probs - log_probs
    r = torch.exp(log_r)
    if mode in {"k1", "biased"}:
        kl = -log_r
    elif mode == "k2":
        kl = 0.5 * log_r ** 2
    else:
        kl = r - 1 - log_r
    return kl.sum() / kl.numel()
