# sftkl: problem=grpo-advantages track=torch
"""Right formulas but no argument checks."""
import torch


def grpo_advantages(rewards, group_size, scale="group", eps=1e-6):
    g = rewards.reshape(-1, group_size)
    mean = g.mean(-1, keepdim=True)
    std = g.std(-1, keepdim=True)
    if scale == "group":
        out = (g - mean) / (std + eps)
    elif scale == "none":
        out = g - mean
    else:
        out = g - (g.sum(-1, keepdim=True) - g) / (group_size - 1)
    return out.reshape(-1)
