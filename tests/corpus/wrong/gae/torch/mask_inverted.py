# sftkl: problem=gae track=torch
"""Uses 1 - mask: treats the padding as the valid tokens."""
import torch


def gae(rewards, values, mask, gamma=1.0, lam=0.95):
    m = 1 - mask.to(values.dtype)
    r, v = rewards * m, values * m
    T = r.shape[1]
    adv = torch.zeros_like(r)
    nv = torch.zeros_like(r[:, 0])
    na = torch.zeros_like(r[:, 0])
    for t in reversed(range(T)):
        na = (r[:, t] + gamma * nv - v[:, t] + gamma * lam * na) * m[:, t]
        nv = v[:, t]
        adv[:, t] = na
    return adv, (adv + v) * m
