# sftkl: problem=grpo-advantages track=torch
"""Divides by the group std without eps: NaN for a group of equal rewards."""
import torch


def grpo_advantages(rewards, group_size, scale="group", eps=1e-6):
    if scale not in ("group", "none", "rloo"):
        raise ValueError(f"unknown scale {scale}")
    if group_size < 2 or rewards.shape[0] % group_size:
        raise ValueError("invalid group_size")
    g = rewards.reshape(-1, group_size)
    mean = g.mean(-1, keepdim=True)
    if scale == "group":
        adv = (g - mean) / g.std(-1, keepdim=True)
    elif scale == "none":
        adv = g - mean
    else:
        adv = g - (g.sum(-1, keepdim=True) - g) / (group_size - 1)
    return adv.reshape(-1)
