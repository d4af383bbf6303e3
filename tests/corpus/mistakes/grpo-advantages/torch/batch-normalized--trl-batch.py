# sftkl: problem=grpo-advantages track=torch
"""TRL's scale_rewards="batch" for scale "group": group mean, batch std."""
import torch


def grpo_advantages(rewards, group_size, scale="group", eps=1e-6):
    if scale not in ("group", "none", "rloo"):
        raise ValueError(f"unknown scale {scale!r}")
    if group_size < 2 or rewards.shape[0] % group_size != 0:
        raise ValueError(f"bad group_size {group_size} for {rewards.shape[0]} rewards")
    g = rewards.view(-1, group_size)
    mean_grouped = g.mean(dim=1).repeat_interleave(group_size)
    advantages = rewards - mean_grouped
    if scale == "group":
        return advantages / (rewards.std().expand_as(rewards) + eps)
    if scale == "none":
        return advantages
    return (g - (g.sum(1, keepdim=True) - g) / (group_size - 1)).view(-1)
