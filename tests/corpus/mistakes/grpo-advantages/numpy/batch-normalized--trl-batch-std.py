# sftkl: problem=grpo-advantages track=numpy
"""Group mean but the std of the whole batch (TRL scale_rewards="batch") for scale "group"."""
import numpy as np


def grpo_advantages(rewards, group_size, scale="group", eps=1e-6):
    if scale not in ("group", "none", "rloo"):
        raise ValueError(f"unknown scale {scale!r}")
    if group_size < 2 or len(rewards) % group_size != 0:
        raise ValueError(f"bad group_size {group_size} for {len(rewards)} rewards")
    g = rewards.reshape(-1, group_size)
    centered = (g - g.mean(axis=1, keepdims=True)).reshape(-1)
    if scale == "group":
        return centered / (rewards.std(ddof=1) + eps)
    if scale == "none":
        return centered
    return (g - (g.sum(axis=1, keepdims=True) - g) / (group_size - 1)).reshape(-1)
