# sftkl: problem=kl-penalty track=torch
"""k3 computed with torch.expm1(log_r) - log_r for accuracy near r = 1."""
import torch


def kl_penalty(log_probs, ref_log_probs, mode="k3"):
    if mode == "biased":
        mode = "k1"
    if mode == "unbiased":
        mode = "k3"
    diff = log_probs - ref_log_probs
    if mode == "k1":
        return diff.mean()
    if mode == "k2":
        return (diff ** 2).mean() / 2
    if mode == "k3":
        log_r = -diff
        return (torch.expm1(log_r) - log_r).mean()
    raise ValueError(mode)
