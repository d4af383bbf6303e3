# sftkl: problem=grpo-advantages track=torch
"""Hand-written unbiased variance: squared deviations summed over G - 1, then sqrt."""
import torch


def grpo_advantages(rewards, group_size, scale="group", eps=1e-6):
    if scale not in ("group", "none", "rloo"):
        raise ValueError(f"unknown scale {scale!r}")
    if group_size < 2 or rewards.shape[0] % group_size != 0:
        raise ValueError(f"bad group_size {group_size} for {rewards.shape[0]} rewards")
    g = rewards.reshape(-1, group_size)
    dev = g - g.sum(1, keepdim=True) / group_size
    if scale == "none":
        return dev.reshape(-1)
    if scale == "rloo":
        return (dev * (group_size / (group_size - 1))).reshape(-1)
    var = dev.pow(2).sum(1, keepdim=True) / (group_size - 1)
    return (dev / (var.sqrt() + eps)).reshape(-1)
