# sftkl: problem=grpo-advantages track=numpy
"""reshape(group_size, -1) with statistics over the last axis: chunks of N / G rewards."""
import numpy as np


def grpo_advantages(rewards, group_size, scale="group", eps=1e-6):
    if scale not in ("group", "none", "rloo"):
        raise ValueError(f"unknown scale {scale!r}")
    if group_size < 2 or len(rewards) % group_size != 0:
        raise ValueError(f"bad group_size {group_size} for {len(rewards)} rewards")
    g = rewards.reshape(group_size, -1)
    mean = g.mean(axis=-1, keepdims=True)
    if scale == "group":
        adv = (g - mean) / (g.std(axis=-1, ddof=1, keepdims=True) + eps)
    elif scale == "none":
        adv = g - mean
    else:
        adv = g - (g.sum(axis=-1, keepdims=True) - g) / (group_size - 1)
    return adv.reshape(-1)
