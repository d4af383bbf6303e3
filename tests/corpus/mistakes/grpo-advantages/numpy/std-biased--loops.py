# sftkl: problem=grpo-advantages track=numpy
"""Python loop with the population std (divide by G)."""
import math

import numpy as np


def grpo_advantages(rewards, group_size, scale="group", eps=1e-6):
    if scale not in ("group", "none", "rloo"):
        raise ValueError(f"unknown scale {scale!r}")
    if group_size < 2 or len(rewards) % group_size != 0:
        raise ValueError(f"bad group_size {group_size} for {len(rewards)} rewards")
    out = np.empty(len(rewards), dtype=np.float64)
    for s in range(0, len(rewards), group_size):
        grp = [float(v) for v in rewards[s:s + group_size]]
        mean = sum(grp) / group_size
        std = math.sqrt(sum((v - mean) ** 2 for v in grp) / group_size)
        for i, v in enumerate(grp):
            if scale == "group":
                out[s + i] = (v - mean) / (std + eps)
            elif scale == "none":
                out[s + i] = v - mean
            else:
                out[s + i] = v - (sum(grp) - v) / (group_size - 1)
    return out
