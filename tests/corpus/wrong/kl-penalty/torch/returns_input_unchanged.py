# sftkl: problem=kl-penalty track=torch
"""Returns log_probs unchanged for every valid mode."""
import torch


def kl_penalty(log_probs, ref_log_probs, mode="k3"):
    if mode not in ("k1", "k2", "k3", "biased", "unbiased"):
        raise ValueError(mode)
    return log_probs
