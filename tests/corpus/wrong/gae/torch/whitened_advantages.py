# sftkl: problem=gae track=torch
"""Whitens the advantages over the mask (verl masked_whiten) before returning them."""
import torch


def gae(rewards, values, mask, gamma=1.0, lam=0.95):
    m = mask.to(values.dtype)
    r, v = rewards * m, values * m
    T = r.shape[1]
    adv = torch.zeros_like(r)
    nv = torch.zeros_like(r[:, 0])
    na = torch.zeros_like(r[:, 0])
    for t in reversed(range(T)):
        delta = r[:, t] + gamma * nv - v[:, t]
        na = (delta + gamma * lam * na) * m[:, t]
        nv = v[:, t]
        adv[:, t] = na
    ret = (adv + v) * m
    n = m.sum()
    mean = (adv * m).sum() / n
    var = (((adv - mean) * m) ** 2).sum() / (n - 1).clamp(min=1)
    return (adv - mean) * torch.rsqrt(var + 1e-8) * m, ret
