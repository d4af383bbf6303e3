# sftkl: problem=kl-penalty track=torch
"""Canonicalizes mode through an alias mapping, then dispatches on the canonical name."""
import torch

ALIASES = {"biased": "k1", "unbiased": "k3", "k1": "k1", "k2": "k2", "k3": "k3"}


def _per_token(log_ratio, kind):
    if kind == "k1":
        return -log_ratio
    if kind == "k2":
        return log_ratio.square() / 2
    return (log_ratio.exp() - 1) - log_ratio


def kl_penalty(log_probs, ref_log_probs, mode="k3"):
    try:
        kind = ALIASES[mode]
    except KeyError:
        raise ValueError(f"kl_penalty: unsupported mode {mode!r}; expected one of {sorted(ALIASES)}") from None
    return torch.mean(_per_token(ref_log_probs - log_probs, kind))
