# sftkl: problem=kl-penalty track=torch
"""if/elif chain where k1/biased returns mean(ref_log_probs - log_probs)."""
import torch


def kl_penalty(log_probs, ref_log_probs, mode="k3"):
    if mode in ("k1", "biased"):
        return (ref_log_probs - log_probs).mean()
    elif mode == "k2":
        return (0.5 * (ref_log_probs - log_probs) ** 2).mean()
    elif mode in ("k3", "unbiased"):
        lr = ref_log_probs - log_probs
        return (torch.expm1(lr) - lr).mean()
    raise ValueError(f"bad mode {mode}")
