# sftkl: problem=grpo-advantages track=torch
"""Group scale normalizes with the batch mean and std; "none" and "rloo" are per group."""
import torch


def grpo_advantages(rewards, group_size, scale="group", eps=1e-6):
    if scale not in ("group", "none", "rloo"):
        raise ValueError(f"unknown scale {scale}")
    if group_size < 2 or rewards.shape[0] % group_size:
        raise ValueError("invalid group_size")
    if scale == "group":
        return (rewards - rewards.mean()) / (rewards.std() + eps)
    g = rewards.reshape(-1, group_size)
    if scale == "none":
        return (g - g.mean(-1, keepdim=True)).reshape(-1)
    return (g - (g.sum(-1, keepdim=True) - g) / (group_size - 1)).reshape(-1)
