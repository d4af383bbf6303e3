# sftkl: problem=kl-penalty track=torch
"""Raises ValueError for every mode, valid ones included (mode compared against an empty registry)."""
import torch

_REGISTRY = {}


def kl_penalty(log_probs, ref_log_probs, mode="k3"):
    if mode not in _REGISTRY:
        raise ValueError(f"unknown KL mode {mode!r}")
    return _REGISTRY[mode](ref_log_probs - log_probs).mean()
