# sftkl: problem=gae track=torch
"""torch.where masking, returns = advantages."""
import torch


def gae(rewards, values, mask, gamma=1.0, lam=0.95):
    keep = mask.bool()
    v = torch.where(keep, values, torch.zeros_like(values))
    r = torch.where(keep, rewards, torch.zeros_like(rewards))
    adv = torch.zeros_like(v)
    for t in range(v.shape[1] - 1, -1, -1):
        nv = v[:, t + 1] if t + 1 < v.shape[1] else torch.zeros_like(v[:, 0])
        na = adv[:, t + 1] if t + 1 < v.shape[1] else torch.zeros_like(v[:, 0])
        adv[:, t] = torch.where(keep[:, t], r[:, t] + gamma * nv - v[:, t] + gamma * lam * na, 0.0)
    return adv, adv
