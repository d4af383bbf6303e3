# sftkl: problem=gae track=torch
"""Next values from a plain left shift (padded V_{t+1} used); accumulation and outputs masked."""
import torch


def gae(rewards, values, mask, gamma=1.0, lam=0.95):
    m = mask.to(values.dtype)
    nv = torch.cat([values[:, 1:], torch.zeros_like(values[:, :1])], dim=1)
    d = rewards + gamma * nv - values
    adv = torch.zeros_like(d)
    a = torch.zeros_like(d[:, 0])
    for t in reversed(range(d.shape[1])):
        a = (d[:, t] + gamma * lam * a) * m[:, t]
        adv[:, t] = a
    return adv, (adv + values) * m
