# sftkl: problem=grpo-advantages track=numpy
"""Right formulas, but no argument checks: unknown scales fall through to rloo, group_size 1 gives NaN."""
import numpy as np


def grpo_advantages(rewards, group_size, scale="group", eps=1e-6):
    g = rewards.reshape(-1, group_size)
    mean = g.mean(axis=1, keepdims=True)
    std = g.std(axis=1, ddof=1, keepdims=True)
    if scale == "group":
        out = (g - mean) / (std + eps)
    elif scale == "none":
        out = g - mean
    else:
        out = g - (g.sum(axis=1, keepdims=True) - g) / (group_size - 1)
    return out.reshape(-1)
