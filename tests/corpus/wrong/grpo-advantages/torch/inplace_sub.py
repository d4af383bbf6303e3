# sftkl: problem=grpo-advantages track=torch
"""Centers the rewards in place with sub_: the caller's tensor changes."""
import torch


def grpo_advantages(rewards, group_size, scale="group", eps=1e-6):
    if scale not in ("group", "none", "rloo"):
        raise ValueError(f"unknown scale {scale!r}")
    if group_size < 2 or rewards.shape[0] % group_size != 0:
        raise ValueError(f"bad group_size {group_size} for {rewards.shape[0]} rewards")
    g = rewards.view(-1, group_size)
    std = g.std(-1, keepdim=True)
    g.sub_(g.mean(-1, keepdim=True))
    if scale == "group":
        return (g / (std + eps)).reshape(-1)
    if scale == "none":
        return g.reshape(-1).clone()
    return (g * group_size / (group_size - 1)).reshape(-1)
