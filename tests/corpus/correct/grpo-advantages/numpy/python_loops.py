# sftkl: problem=grpo-advantages track=numpy
"""Plain Python loops over groups and members, results in a float64 array."""
import math

import numpy as np


def grpo_advantages(rewards, group_size, scale="group", eps=1e-6):
    if scale not in ("group", "none", "rloo"):
        raise ValueError(f"unknown scale {scale!r}")
    if group_size < 2 or len(rewards) % group_size != 0:
        raise ValueError(f"bad group_size {group_size} for {len(rewards)} rewards")
    vals = [float(v) for v in rewards]
    out = []
    for start in range(0, len(vals), group_size):
        grp = vals[start:start + group_size]
        total = sum(grp)
        mean = total / group_size
        std = math.sqrt(sum((v - mean) ** 2 for v in grp) / (group_size - 1))
        for v in grp:
            if scale == "group":
                out.append((v - mean) / (std + eps))
            elif scale == "none":
                out.append(v - mean)
            else:
                out.append(v - (total - v) / (group_size - 1))
    return np.array(out)
