# sftkl: problem=kl-penalty track=torch
"""Python 3.10 match statement with or-patterns for the aliases."""
import torch


def kl_penalty(log_probs, ref_log_probs, mode="k3"):
    lr = ref_log_probs - log_probs
    match mode:
        case "k1" | "biased":
            val = -lr
        case "k2":
            val = lr.pow(2) * 0.5
        case "k3" | "unbiased":
            val = torch.exp(lr) - lr - 1
        case _:
            raise ValueError(f"Unknown KL estimator {mode!r}")
    return val.mean()
