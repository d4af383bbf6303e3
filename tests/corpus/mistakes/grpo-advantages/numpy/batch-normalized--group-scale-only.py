# sftkl: problem=grpo-advantages track=numpy
"""Scale "group" standardizes the whole batch; "none" and "rloo" are per group."""
import numpy as np


def grpo_advantages(rewards, group_size, scale="group", eps=1e-6):
    if scale not in ("group", "none", "rloo"):
        raise ValueError(f"unknown scale {scale!r}")
    if group_size < 2 or len(rewards) % group_size != 0:
        raise ValueError(f"bad group_size {group_size} for {len(rewards)} rewards")
    if scale == "group":
        mu = np.mean(rewards)
        sd = np.std(rewards, ddof=1)
        return (rewards - mu) / (sd + eps)
    g = rewards.reshape(-1, group_size)
    if scale == "none":
        return (g - g.mean(1, keepdims=True)).ravel()
    return (g - (g.sum(1, keepdims=True) - g) / (group_size - 1)).ravel()
