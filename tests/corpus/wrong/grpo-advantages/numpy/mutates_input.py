# sftkl: problem=grpo-advantages track=numpy
"""Centers the rewards in place (rewards -= mean): the caller's array changes."""
import numpy as np


def grpo_advantages(rewards, group_size, scale="group", eps=1e-6):
    if scale not in ("group", "none", "rloo"):
        raise ValueError(f"unknown scale {scale!r}")
    if group_size < 2 or len(rewards) % group_size != 0:
        raise ValueError(f"bad group_size {group_size} for {len(rewards)} rewards")
    g = rewards.reshape(-1, group_size)
    std = g.std(axis=1, ddof=1, keepdims=True)
    total = g.sum(axis=1, keepdims=True)
    g -= g.mean(axis=1, keepdims=True)
    if scale == "group":
        return (g / (std + eps)).reshape(-1)
    if scale == "none":
        return g.reshape(-1).copy()
    return (g * group_size / (group_size - 1)).reshape(-1)
