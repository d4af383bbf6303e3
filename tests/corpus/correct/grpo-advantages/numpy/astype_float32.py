# sftkl: problem=grpo-advantages track=numpy
"""Always computes and returns float32 (float32 for float64 inputs passes with a note)."""
import numpy as np


def grpo_advantages(rewards, group_size, scale="group", eps=1e-6):
    if scale not in ("group", "none", "rloo"):
        raise ValueError(f"unknown scale {scale!r}")
    if group_size < 2 or len(rewards) % group_size != 0:
        raise ValueError(f"bad group_size {group_size} for {len(rewards)} rewards")
    g = rewards.astype(np.float32).reshape(-1, group_size)
    mean = g.mean(-1, keepdims=True)
    if scale == "group":
        out = (g - mean) / (g.std(-1, ddof=1, keepdims=True) + np.float32(eps))
    elif scale == "none":
        out = g - mean
    else:
        out = g - (g.sum(-1, keepdims=True) - g) / np.float32(group_size - 1)
    return out.flatten()
