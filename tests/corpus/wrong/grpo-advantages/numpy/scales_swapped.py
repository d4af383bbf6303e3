# sftkl: problem=grpo-advantages track=numpy
""""group" and "none" swapped."""
import numpy as np


def grpo_advantages(rewards, group_size, scale="group", eps=1e-6):
    if scale not in ("group", "none", "rloo"):
        raise ValueError(f"unknown scale {scale!r}")
    if group_size < 2 or len(rewards) % group_size != 0:
        raise ValueError(f"bad group_size {group_size} for {len(rewards)} rewards")
    g = rewards.reshape(-1, group_size)
    mean = g.mean(axis=1, keepdims=True)
    std = g.std(axis=1, ddof=1, keepdims=True)
    if scale == "group":
        out = g - mean
    elif scale == "none":
        out = (g - mean) / (std + eps)
    else:
        out = g - (g.sum(axis=1, keepdims=True) - g) / (group_size - 1)
    return out.reshape(-1)
