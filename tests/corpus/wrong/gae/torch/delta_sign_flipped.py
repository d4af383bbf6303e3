# sftkl: problem=gae track=torch
"""TD error with the sign flipped."""
import torch


def gae(rewards, values, mask, gamma=1.0, lam=0.95):
    m = mask.to(values.dtype)
    r, v = rewards * m, values * m
    T = r.shape[1]
    adv = torch.zeros_like(r)
    nv = torch.zeros_like(r[:, 0])
    na = torch.zeros_like(r[:, 0])
    for t in reversed(range(T)):
        delta = v[:, t] - r[:, t] - gamma * nv
        na = (delta + gamma * lam * na) * m[:, t]
        nv = v[:, t]
        adv[:, t] = na
    return adv, (adv + v) * m
