# sftkl: problem=grpo-advantages track=numpy
"""Groups as columns of reshape(group_size, -1): every P-th reward together."""
import numpy as np


def grpo_advantages(rewards, group_size, scale="group", eps=1e-6):
    if scale not in ("group", "none", "rloo"):
        raise ValueError(f"unknown scale {scale}")
    if group_size < 2 or rewards.shape[0] % group_size:
        raise ValueError("invalid group_size")
    g = rewards.reshape(group_size, -1)
    mean = g.mean(axis=0, keepdims=True)
    if scale == "group":
        adv = (g - mean) / (g.std(axis=0, ddof=1, keepdims=True) + eps)
    elif scale == "none":
        adv = g - mean
    else:
        adv = g - (g.sum(axis=0, keepdims=True) - g) / (group_size - 1)
    return adv.reshape(-1)
