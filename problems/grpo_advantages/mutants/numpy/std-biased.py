# sftkl: problem=grpo-advantages track=numpy
"""Group std with np.std's default ddof=0."""
import numpy as np


def grpo_advantages(rewards, group_size, scale="group", eps=1e-6):
    if scale not in ("group", "none", "rloo") or group_size < 2 or len(rewards) % group_size:
        raise ValueError("bad arguments")
    g = rewards.reshape(-1, group_size)
    mean = g.mean(axis=1, keepdims=True)
    if scale == "group":
        return ((g - mean) / (g.std(axis=1, keepdims=True) + eps)).ravel()
    if scale == "none":
        return (g - mean).ravel()
    return (g - (g.sum(axis=1, keepdims=True) - g) / (group_size - 1)).ravel()
