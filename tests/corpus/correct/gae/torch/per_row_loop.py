# sftkl: problem=gae track=torch
"""One row at a time over its valid prefix (length from the mask), Python floats inside."""
import torch


def gae(rewards, values, mask, gamma=1.0, lam=0.95):
    adv = torch.zeros_like(rewards)
    ret = torch.zeros_like(rewards)
    lengths = mask.to(torch.int64).sum(dim=1).tolist()
    for b, n in enumerate(lengths):
        running, next_v = 0.0, 0.0
        for t in range(n - 1, -1, -1):
            vt = values[b, t].item()
            running = rewards[b, t].item() + gamma * next_v - vt + gamma * lam * running
            adv[b, t] = running
            ret[b, t] = running + vt
            next_v = vt
    return adv, ret
