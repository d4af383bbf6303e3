# sftkl: problem=grpo-advantages track=torch
"""torch.std_mean and no eps at all."""
import torch


def grpo_advantages(rewards, group_size, scale="group", eps=1e-6):
    if scale not in ("group", "none", "rloo"):
        raise ValueError(f"unknown scale {scale!r}")
    if group_size < 2 or rewards.shape[0] % group_size != 0:
        raise ValueError(f"bad group_size {group_size} for {rewards.shape[0]} rewards")
    g = rewards.reshape(-1, group_size)
    std, mean = torch.std_mean(g, dim=1, keepdim=True)
    if scale == "group":
        return ((g - mean) / std).flatten()
    if scale == "none":
        return (g - mean).flatten()
    return (g - (g.sum(1, keepdim=True) - g) / (group_size - 1)).flatten()
