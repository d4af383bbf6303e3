# sftkl: problem=grpo-advantages track=numpy
"""(r - mean) / std with no eps: 0/0 for a group of equal rewards."""
import numpy as np


def grpo_advantages(rewards, group_size, scale="group", eps=1e-6):
    if scale not in ("group", "none", "rloo"):
        raise ValueError(f"unknown scale {scale}")
    if group_size < 2 or rewards.shape[0] % group_size:
        raise ValueError("invalid group_size")
    g = rewards.reshape(-1, group_size)
    mean = g.mean(axis=-1, keepdims=True)
    if scale == "group":
        adv = (g - mean) / g.std(axis=-1, ddof=1, keepdims=True)
    elif scale == "none":
        adv = g - mean
    else:
        adv = g - (g.sum(axis=-1, keepdims=True) - g) / (group_size - 1)
    return adv.reshape(-1)
