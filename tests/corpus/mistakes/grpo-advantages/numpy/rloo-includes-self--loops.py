# sftkl: problem=grpo-advantages track=numpy
"""Loop where the RLOO baseline averages the whole group, the sample included."""
import numpy as np


def grpo_advantages(rewards, group_size, scale="group", eps=1e-6):
    if scale not in ("group", "none", "rloo"):
        raise ValueError(f"unknown scale {scale!r}")
    if group_size < 2 or len(rewards) % group_size != 0:
        raise ValueError(f"bad group_size {group_size} for {len(rewards)} rewards")
    out = np.zeros(len(rewards), dtype=rewards.dtype)
    for s in range(0, len(rewards), group_size):
        grp = rewards[s:s + group_size]
        base = grp.mean()
        for i in range(group_size):
            if scale == "group":
                out[s + i] = (grp[i] - base) / (grp.std(ddof=1) + eps)
            else:  # "none", and "rloo" with the group mean as its baseline
                out[s + i] = grp[i] - base
    return out
