# sftkl: problem=grpo-advantages track=torch
"""torch.std with unbiased=False (divisor G)."""
import torch


def grpo_advantages(rewards, group_size, scale="group", eps=1e-6):
    if scale not in ("group", "none", "rloo"):
        raise ValueError(f"unknown scale {scale}")
    if group_size < 2 or rewards.numel() % group_size:
        raise ValueError("invalid group_size")
    g = rewards.view(-1, group_size)
    mean = g.mean(dim=1, keepdim=True)
    if scale == "group":
        return ((g - mean) / (g.std(dim=1, unbiased=False, keepdim=True) + eps)).flatten()
    if scale == "none":
        return (g - mean).flatten()
    return (g - (g.sum(dim=1, keepdim=True) - g) / (group_size - 1)).flatten()
