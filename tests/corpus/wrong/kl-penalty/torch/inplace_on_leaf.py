# sftkl: problem=kl-penalty track=torch
"""Copies log_probs into a fresh leaf that requires grad and calls .neg_() on it: autograd raises."""
import torch


def kl_penalty(log_probs, ref_log_probs, mode="k3"):
    if mode not in ("k1", "k2", "k3", "biased", "unbiased"):
        raise ValueError(mode)
    log_r = log_probs.detach().clone().float().requires_grad_(True)
    log_r.neg_().add_(ref_log_probs.float())
    if mode in ("k1", "biased"):
        return (-log_r).mean()
    if mode == "k2":
        return (0.5 * log_r ** 2).mean()
    return (torch.expm1(log_r) - log_r).mean()
