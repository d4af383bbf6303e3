# sftkl: problem=kl-penalty track=torch
"""Selects the estimator from a stacked [3, B, T] tensor with .gather and a 1-D index: gather raises on the rank mismatch."""
import torch

_INDEX = {"k1": 0, "biased": 0, "k2": 1, "k3": 2, "unbiased": 2}


def kl_penalty(log_probs, ref_log_probs, mode="k3"):
    if mode not in _INDEX:
        raise ValueError(mode)
    lr = ref_log_probs.float() - log_probs.float()
    stacked = torch.stack([-lr, 0.5 * lr ** 2, torch.expm1(lr) - lr])
    idx = torch.tensor([_INDEX[mode]])
    return stacked.gather(0, idx).mean()
