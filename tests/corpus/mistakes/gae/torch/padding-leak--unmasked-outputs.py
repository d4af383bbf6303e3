# sftkl: problem=gae track=torch
"""Masks rewards and values going in, but not the returns coming out (returns = A + raw values)."""
import torch


def gae(rewards, values, mask, gamma=1.0, lam=0.95):
    m = mask.to(values.dtype)
    r, v = rewards * m, values * m
    T = v.shape[1]
    last, rev = 0.0, []
    for t in reversed(range(T)):
        nv = v[:, t + 1] if t < T - 1 else 0.0
        last = r[:, t] + gamma * nv - v[:, t] + gamma * lam * last
        rev.append(last)
    adv = torch.stack(rev[::-1], dim=1)
    return adv, adv + values
