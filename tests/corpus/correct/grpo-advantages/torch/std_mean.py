# sftkl: problem=grpo-advantages track=torch
"""torch.std_mean over dim -1 with keepdim."""
import torch


def grpo_advantages(rewards, group_size, scale="group", eps=1e-6):
    if scale not in ("group", "none", "rloo"):
        raise ValueError(f"unknown scale {scale!r}")
    if group_size < 2 or rewards.shape[0] % group_size != 0:
        raise ValueError(f"bad group_size {group_size} for {rewards.shape[0]} rewards")
    groups = rewards.view(-1, group_size)
    std, mean = torch.std_mean(groups, dim=-1, keepdim=True)
    if scale == "group":
        adv = (groups - mean) / (std + eps)
    elif scale == "none":
        adv = groups - mean
    else:
        adv = groups - (groups.sum(dim=-1, keepdim=True) - groups) / (group_size - 1)
    return adv.flatten()
