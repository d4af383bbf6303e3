# sftkl: problem=gae track=torch
"""Computes in float64 and casts back to the inputs' dtype; bool mask through torch.where."""
import torch


def gae(rewards, values, mask, gamma=1.0, lam=0.95):
    keep = mask.bool()
    r = torch.where(keep, rewards.double(), torch.zeros((), dtype=torch.float64))
    v = torch.where(keep, values.double(), torch.zeros((), dtype=torch.float64))
    B, T = r.shape
    adv = torch.zeros(B, T, dtype=torch.float64)
    for t in reversed(range(T)):
        nv = v[:, t + 1] if t + 1 < T else torch.zeros(B, dtype=torch.float64)
        na = adv[:, t + 1] if t + 1 < T else torch.zeros(B, dtype=torch.float64)
        adv[:, t] = torch.where(keep[:, t], r[:, t] + gamma * nv - v[:, t] + gamma * lam * na, 0.0)
    ret = torch.where(keep, adv + v, 0.0)
    return adv.to(rewards.dtype), ret.to(rewards.dtype)
