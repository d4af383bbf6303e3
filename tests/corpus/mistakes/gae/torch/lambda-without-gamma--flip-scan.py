# sftkl: problem=gae track=torch
"""Flip-and-scan with lam as the decay."""
import torch


def gae(rewards, values, mask, gamma=1.0, lam=0.95):
    m = mask.to(values.dtype)
    v = values * m
    nxt = torch.cat([v[:, 1:], torch.zeros_like(v[:, :1])], dim=1)
    d = torch.flip(rewards * m + gamma * nxt - v, dims=[1])
    outs, c = [], torch.zeros_like(d[:, 0])
    for i in range(d.shape[1]):
        c = d[:, i] + lam * c
        outs.append(c)
    adv = torch.flip(torch.stack(outs, 1), dims=[1]) * m
    return adv, (adv + v) * m
