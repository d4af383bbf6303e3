# sftkl: problem=kl-penalty track=torch
"""Right k1/k2/k3, but any unknown mode silently falls back to k3 instead of raising ValueError."""
import torch


def kl_penalty(log_probs, ref_log_probs, mode="k3"):
    log_r = ref_log_probs.float() - log_probs.float()
    if mode in ("k1", "biased"):
        return (-log_r).mean()
    if mode == "k2":
        return (0.5 * log_r ** 2).mean()
    return (torch.expm1(log_r) - log_r).mean()
