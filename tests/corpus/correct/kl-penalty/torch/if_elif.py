# sftkl: problem=kl-penalty track=torch
"""if/elif chain over modes with the aliases folded into the conditions."""
import torch


def kl_penalty(log_probs, ref_log_probs, mode="k3"):
    log_r = ref_log_probs - log_probs
    if mode in ("k1", "biased"):
        per_tok = -log_r
    elif mode == "k2":
        per_tok = 0.5 * log_r * log_r
    elif mode in ("k3", "unbiased"):
        per_tok = log_r.exp() - 1.0 - log_r
    else:
        raise ValueError("mode must be one of k1, k2, k3, biased, unbiased")
    return per_tok.mean()
