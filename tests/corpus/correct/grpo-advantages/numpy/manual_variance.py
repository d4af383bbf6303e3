# sftkl: problem=grpo-advantages track=numpy
"""Hand-written unbiased variance: sum of squares over G - 1, then sqrt."""
import numpy as np


def grpo_advantages(rewards, group_size, scale="group", eps=1e-6):
    if scale not in ("group", "none", "rloo"):
        raise ValueError(f"unknown scale {scale!r}")
    if group_size < 2 or len(rewards) % group_size != 0:
        raise ValueError(f"bad group_size {group_size} for {len(rewards)} rewards")
    g = rewards.reshape(-1, group_size)
    s = g.sum(axis=1)[:, None]
    d = g - s / group_size
    if scale == "none":
        return d.reshape(-1)
    if scale == "rloo":
        return (g - (s - g) / (group_size - 1)).reshape(-1)
    var = (d * d).sum(axis=1)[:, None] / (group_size - 1)
    return (d / (np.sqrt(var) + eps)).reshape(-1)
