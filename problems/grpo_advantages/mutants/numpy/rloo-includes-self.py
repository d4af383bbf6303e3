# sftkl: problem=grpo-advantages track=numpy
"""RLOO baseline as the group mean, the sample itself included."""
import numpy as np


def grpo_advantages(rewards, group_size, scale="group", eps=1e-6):
    if scale not in ("group", "none", "rloo"):
        raise ValueError(f"unknown scale {scale}")
    if group_size < 2 or rewards.shape[0] % group_size:
        raise ValueError("invalid group_size")
    g = rewards.reshape(-1, group_size)
    mean = g.mean(axis=-1, keepdims=True)
    if scale == "group":
        adv = (g - mean) / (g.std(axis=-1, ddof=1, keepdims=True) + eps)
    else:
        adv = g - mean  # "none" and "rloo" alike
    return adv.reshape(-1)
