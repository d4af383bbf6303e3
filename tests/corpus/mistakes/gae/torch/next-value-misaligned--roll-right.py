# sftkl: problem=gae track=torch
"""Shifts values with torch.roll(..., 1) (V_{t-1}), zeroing the wrapped column."""
import torch


def gae(rewards, values, mask, gamma=1.0, lam=0.95):
    m = mask.to(values.dtype)
    v = values * m
    nv = torch.roll(v, shifts=1, dims=1)
    nv[:, 0] = 0.0
    d = (rewards + gamma * nv - v) * m
    adv = torch.zeros_like(d)
    acc = torch.zeros_like(d[:, 0])
    for t in reversed(range(d.shape[1])):
        acc = (d[:, t] + gamma * lam * acc) * m[:, t]
        adv[:, t] = acc
    return adv, (adv + v) * m
