# sftkl: problem=grpo-advantages track=torch
import torch

SCALES = ("group", "none", "rloo")


@torch.no_grad()  # advantages are targets for the policy loss, never differentiated
def grpo_advantages(rewards, group_size, scale="group", eps=1e-6):
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}; expected one of {SCALES}")
    if group_size < 2:
        raise ValueError(f"group_size must be at least 2, got {group_size}")
    if rewards.shape[0] % group_size:
        raise ValueError(f"{rewards.shape[0]} rewards do not split into groups of {group_size}")
    # The G completions of a prompt are contiguous: one row per prompt.
    groups = rewards.reshape(-1, group_size)
    mean = groups.mean(dim=-1, keepdim=True)
    if scale == "group":
        # torch.std is unbiased (correction=1) by default; eps outside the sqrt: 0, not NaN.
        std = groups.std(dim=-1, keepdim=True)
        adv = (groups - mean) / (std + eps)
    elif scale == "none":
        adv = groups - mean                                   # Dr. GRPO: no std scaling
    else:
        baseline = (groups.sum(dim=-1, keepdim=True) - groups) / (group_size - 1)
        adv = groups - baseline                               # RLOO: leave the sample out
    return adv.reshape(-1)
