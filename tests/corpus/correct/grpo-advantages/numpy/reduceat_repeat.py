# sftkl: problem=grpo-advantages track=numpy
"""Group sums with np.add.reduceat, broadcast back with np.repeat (no reshape)."""
import numpy as np


def grpo_advantages(rewards, group_size, scale="group", eps=1e-6):
    if scale not in ("group", "none", "rloo"):
        raise ValueError(f"unknown scale {scale!r}")
    if group_size < 2 or len(rewards) % group_size != 0:
        raise ValueError(f"bad group_size {group_size} for {len(rewards)} rewards")
    starts = np.arange(0, len(rewards), group_size)
    sums = np.repeat(np.add.reduceat(rewards, starts), group_size)
    mean = sums / group_size
    if scale == "rloo":
        return rewards - (sums - rewards) / (group_size - 1)
    dev = rewards - mean
    if scale == "none":
        return dev
    var = np.repeat(np.add.reduceat(dev * dev, starts), group_size) / (group_size - 1)
    return dev / (np.sqrt(var) + eps)
