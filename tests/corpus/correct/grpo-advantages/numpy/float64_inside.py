# sftkl: problem=grpo-advantages track=numpy
"""Computes in float64 and casts back to the rewards dtype."""
import numpy as np


def grpo_advantages(rewards, group_size, scale="group", eps=1e-6):
    if scale not in ("group", "none", "rloo"):
        raise ValueError(f"unknown scale {scale!r}")
    if group_size < 2 or len(rewards) % group_size != 0:
        raise ValueError(f"bad group_size {group_size} for {len(rewards)} rewards")
    g = np.asarray(rewards, dtype=np.float64).reshape(-1, group_size)
    centered = g - g.mean(axis=-1, keepdims=True)
    if scale == "group":
        out = centered / (g.std(axis=-1, ddof=1, keepdims=True) + eps)
    elif scale == "none":
        out = centered
    else:
        out = centered * group_size / (group_size - 1)  # verl's RLOO form
    return out.reshape(-1).astype(rewards.dtype)
