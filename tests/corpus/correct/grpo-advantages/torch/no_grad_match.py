# sftkl: problem=grpo-advantages track=torch
"""torch.no_grad and a match statement on the scale."""
import torch


def grpo_advantages(rewards, group_size, scale="group", eps=1e-6):
    if group_size < 2 or rewards.numel() % group_size:
        raise ValueError("group_size must be at least 2 and divide the number of rewards")
    with torch.no_grad():
        g = rewards.unflatten(0, (-1, group_size))
        mean = g.mean(-1, keepdim=True)
        match scale:
            case "group":
                adv = (g - mean) / (g.std(-1, unbiased=True, keepdim=True) + eps)
            case "none":
                adv = g - mean
            case "rloo":
                adv = g - (g.sum(-1, keepdim=True) - g) / (group_size - 1)
            case _:
                raise ValueError(f"unknown scale {scale!r}")
    return adv.flatten()
