# sftkl: problem=grpo-advantages track=torch
"""TRL style: per-group mean and std, repeat_interleave back to [N]."""
import torch


def grpo_advantages(rewards, group_size, scale="group", eps=1e-6):
    if scale not in ("group", "none", "rloo"):
        raise ValueError(f"unknown scale {scale!r}")
    if group_size < 2 or rewards.shape[0] % group_size != 0:
        raise ValueError(f"bad group_size {group_size} for {rewards.shape[0]} rewards")
    mean_grouped = rewards.view(-1, group_size).mean(dim=1).repeat_interleave(group_size, dim=0)
    if scale == "none":
        return rewards - mean_grouped
    if scale == "rloo":
        sums = rewards.view(-1, group_size).sum(dim=1).repeat_interleave(group_size, dim=0)
        return rewards - (sums - rewards) / (group_size - 1)
    std_grouped = rewards.view(-1, group_size).std(dim=1).repeat_interleave(group_size, dim=0)
    return (rewards - mean_grouped) / (std_grouped + eps)
