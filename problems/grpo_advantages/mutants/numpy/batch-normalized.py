# sftkl: problem=grpo-advantages track=numpy
"""Mean and std over the whole batch (no grouping at all)."""
import numpy as np


def grpo_advantages(rewards, group_size, scale="group", eps=1e-6):
    if scale not in ("group", "none", "rloo"):
        raise ValueError(f"unknown scale {scale}")
    if group_size < 2 or rewards.size % group_size != 0:
        raise ValueError("group_size must be >= 2 and divide N")
    mean = rewards.mean()
    if scale == "group":
        return (rewards - mean) / (rewards.std(ddof=1) + eps)
    if scale == "none":
        return rewards - mean
    return rewards - (rewards.sum() - rewards) / (rewards.size - 1)
