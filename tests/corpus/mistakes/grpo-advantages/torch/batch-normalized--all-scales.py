# sftkl: problem=grpo-advantages track=torch
"""No grouping at all: batch statistics for every scale."""
import torch


def grpo_advantages(rewards, group_size, scale="group", eps=1e-6):
    if scale not in ("group", "none", "rloo"):
        raise ValueError(f"unknown scale {scale!r}")
    if group_size < 2 or rewards.shape[0] % group_size != 0:
        raise ValueError(f"bad group_size {group_size} for {rewards.shape[0]} rewards")
    n = rewards.numel()
    mean = rewards.mean()
    if scale == "group":
        return (rewards - mean) / (rewards.std() + eps)
    if scale == "none":
        return rewards - mean
    return rewards - (rewards.sum() - rewards) / (n - 1)
