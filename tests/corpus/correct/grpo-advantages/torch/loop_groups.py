# sftkl: problem=grpo-advantages track=torch
"""Python loop over groups, torch ops per group, torch.cat at the end."""
import torch


def grpo_advantages(rewards, group_size, scale="group", eps=1e-6):
    if scale not in ("group", "none", "rloo"):
        raise ValueError(f"unknown scale {scale!r}")
    if group_size < 2 or rewards.shape[0] % group_size != 0:
        raise ValueError(f"bad group_size {group_size} for {rewards.shape[0]} rewards")
    parts = []
    for grp in torch.split(rewards, group_size):
        m = grp.mean()
        if scale == "group":
            parts.append((grp - m) / (grp.std() + eps))
        elif scale == "none":
            parts.append(grp - m)
        else:
            parts.append(grp - (grp.sum() - grp) / (group_size - 1))
    return torch.cat(parts)
