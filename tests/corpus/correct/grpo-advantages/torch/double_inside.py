# sftkl: problem=grpo-advantages track=torch
"""Computes in float64 and casts back to the rewards dtype."""
import torch


def grpo_advantages(rewards, group_size, scale="group", eps=1e-6):
    if scale not in ("group", "none", "rloo"):
        raise ValueError(f"unknown scale {scale!r}")
    if group_size < 2 or rewards.shape[0] % group_size != 0:
        raise ValueError(f"bad group_size {group_size} for {rewards.shape[0]} rewards")
    g = rewards.double().reshape(-1, group_size)
    centered = g - g.mean(dim=1, keepdim=True)
    if scale == "group":
        out = centered / (g.std(dim=1, correction=1, keepdim=True) + eps)
    elif scale == "none":
        out = centered
    else:
        n = group_size
        out = g * n / (n - 1) - g.mean(dim=1, keepdim=True) * n / (n - 1)  # verl's RLOO form
    return out.reshape(-1).to(rewards.dtype)
