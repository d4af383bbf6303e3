# sftkl: problem=grpo-advantages track=torch
"""Loop over groups; the RLOO baseline sums the whole group over G - 1."""
import torch


def grpo_advantages(rewards, group_size, scale="group", eps=1e-6):
    if scale not in ("group", "none", "rloo"):
        raise ValueError(f"unknown scale {scale!r}")
    if group_size < 2 or rewards.shape[0] % group_size != 0:
        raise ValueError(f"bad group_size {group_size} for {rewards.shape[0]} rewards")
    out = []
    for grp in rewards.split(group_size):
        if scale == "group":
            out.append((grp - grp.mean()) / (grp.std() + eps))
        elif scale == "none":
            out.append(grp - grp.mean())
        else:
            out.append(grp - grp.sum() / (group_size - 1))
    return torch.cat(out)
