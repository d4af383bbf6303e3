# sftkl: problem=gae track=torch
"""Right numbers, but multiplies the caller's values by the mask in place."""
import torch


def gae(rewards, values, mask, gamma=1.0, lam=0.95):
    m = mask.to(values.dtype)
    values.mul_(m)
    r = rewards * m
    adv = torch.zeros_like(r)
    na = torch.zeros_like(r[:, 0])
    nv = torch.zeros_like(r[:, 0])
    for t in reversed(range(r.shape[1])):
        na = (r[:, t] + gamma * nv - values[:, t] + gamma * lam * na) * m[:, t]
        nv = values[:, t]
        adv[:, t] = na
    return adv, (adv + values) * m
