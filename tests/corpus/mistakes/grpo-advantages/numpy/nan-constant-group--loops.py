# sftkl: problem=grpo-advantages track=numpy
"""Loop over groups dividing numpy scalars by the std with no eps."""
import numpy as np


def grpo_advantages(rewards, group_size, scale="group", eps=1e-6):
    if scale not in ("group", "none", "rloo"):
        raise ValueError(f"unknown scale {scale!r}")
    if group_size < 2 or len(rewards) % group_size != 0:
        raise ValueError(f"bad group_size {group_size} for {len(rewards)} rewards")
    out = np.empty_like(rewards)
    with np.errstate(invalid="ignore", divide="ignore"):
        for s in range(0, len(rewards), group_size):
            grp = rewards[s:s + group_size]
            m = grp.mean()
            if scale == "group":
                out[s:s + group_size] = (grp - m) / grp.std(ddof=1)
            elif scale == "none":
                out[s:s + group_size] = grp - m
            else:
                out[s:s + group_size] = grp - (grp.sum() - grp) / (group_size - 1)
    return out
