# sftkl: problem=grpo-advantages track=torch
"""Divides by the variance instead of the std."""
import torch


def grpo_advantages(rewards, group_size, scale="group", eps=1e-6):
    if scale not in ("group", "none", "rloo"):
        raise ValueError(f"unknown scale {scale!r}")
    if group_size < 2 or rewards.shape[0] % group_size != 0:
        raise ValueError(f"bad group_size {group_size} for {rewards.shape[0]} rewards")
    g = rewards.reshape(-1, group_size)
    mean = g.mean(-1, keepdim=True)
    std = g.std(-1, keepdim=True)
    if scale == "group":
        out = (g - mean) / (g.var(-1, keepdim=True) + eps)
    elif scale == "none":
        out = g - mean
    else:
        out = g - (g.sum(-1, keepdim=True) - g) / (group_size - 1)
    return out.reshape(-1)
