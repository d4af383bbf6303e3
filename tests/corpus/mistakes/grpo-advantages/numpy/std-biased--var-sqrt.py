# sftkl: problem=grpo-advantages track=numpy
"""np.sqrt(np.var(g, axis=1)): np.var also defaults to ddof=0."""
import numpy as np


def grpo_advantages(rewards, group_size, scale="group", eps=1e-6):
    if scale not in ("group", "none", "rloo"):
        raise ValueError(f"unknown scale {scale!r}")
    if group_size < 2 or len(rewards) % group_size != 0:
        raise ValueError(f"bad group_size {group_size} for {len(rewards)} rewards")
    g = rewards.reshape(-1, group_size)
    m = g.mean(axis=1, keepdims=True)
    if scale == "group":
        return ((g - m) / (np.sqrt(np.var(g, axis=1, keepdims=True)) + eps)).reshape(-1)
    if scale == "none":
        return (g - m).reshape(-1)
    return (g - (g.sum(axis=1, keepdims=True) - g) / (group_size - 1)).reshape(-1)
