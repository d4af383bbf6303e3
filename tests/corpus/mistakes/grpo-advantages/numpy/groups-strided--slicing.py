# sftkl: problem=grpo-advantages track=numpy
"""Groups as rewards[j::P] (a stride), written back with the same slices."""
import numpy as np


def grpo_advantages(rewards, group_size, scale="group", eps=1e-6):
    if scale not in ("group", "none", "rloo"):
        raise ValueError(f"unknown scale {scale!r}")
    if group_size < 2 or len(rewards) % group_size != 0:
        raise ValueError(f"bad group_size {group_size} for {len(rewards)} rewards")
    prompts = len(rewards) // group_size
    out = np.empty_like(rewards)
    for j in range(prompts):
        grp = rewards[j::prompts]
        m = grp.mean()
        if scale == "group":
            out[j::prompts] = (grp - m) / (grp.std(ddof=1) + eps)
        elif scale == "none":
            out[j::prompts] = grp - m
        else:
            out[j::prompts] = grp - (grp.sum() - grp) / (group_size - 1)
    return out
