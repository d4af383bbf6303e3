# sftkl: problem=kl-penalty track=torch
"""Maps the alias "biased" to k2 (the estimator that really is biased) instead of k1; everything else right."""
import torch

_ALIASES = {"k1": "k1", "biased": "k2", "k2": "k2", "k3": "k3", "unbiased": "k3"}


def kl_penalty(log_probs, ref_log_probs, mode="k3"):
    if mode not in _ALIASES:
        raise ValueError(mode)
    kind = _ALIASES[mode]
    log_r = ref_log_probs.float() - log_probs.float()
    if kind == "k1":
        return (-log_r).mean()
    if kind == "k2":
        return (0.5 * log_r ** 2).mean()
    return (torch.expm1(log_r) - log_r).mean()
