# sftkl: problem=grpo-advantages track=torch
"""RLOO baseline sum / (G - 1): the sample's own reward is in it."""
import torch


def grpo_advantages(rewards, group_size, scale="group", eps=1e-6):
    if scale not in ("group", "none", "rloo"):
        raise ValueError(f"unknown scale {scale}")
    if group_size < 2 or rewards.shape[0] % group_size:
        raise ValueError("invalid group_size")
    g = rewards.reshape(-1, group_size)
    mean = g.mean(-1, keepdim=True)
    if scale == "group":
        adv = (g - mean) / (g.std(-1, keepdim=True) + eps)
    elif scale == "none":
        adv = g - mean
    else:
        adv = g - g.sum(-1, keepdim=True) / (group_size - 1)
    return adv.reshape(-1)
