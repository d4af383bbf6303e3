# sftkl: problem=grpo-advantages track=torch
"""rewards.view(group_size, -1) with statistics over dim 0: groups taken with a stride."""
import torch


def grpo_advantages(rewards, group_size, scale="group", eps=1e-6):
    if scale not in ("group", "none", "rloo"):
        raise ValueError(f"unknown scale {scale}")
    if group_size < 2 or rewards.shape[0] % group_size:
        raise ValueError("invalid group_size")
    g = rewards.reshape(group_size, -1)
    mean = g.mean(dim=0, keepdim=True)
    if scale == "group":
        adv = (g - mean) / (g.std(dim=0, keepdim=True) + eps)
    elif scale == "none":
        adv = g - mean
    else:
        adv = g - (g.sum(dim=0, keepdim=True) - g) / (group_size - 1)
    return adv.reshape(-1)
