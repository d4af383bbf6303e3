# sftkl: problem=gae track=torch
"""Upcasts to float32 with .float() (float64 callers get float32 back: passes with a note)."""
import torch


def gae(rewards, values, mask, gamma=1.0, lam=0.95):
    m = mask.float()
    r, v = rewards.float() * m, values.float() * m
    adv = torch.zeros_like(r)
    nv = torch.zeros_like(r[:, 0])
    na = torch.zeros_like(r[:, 0])
    for t in range(r.shape[1] - 1, -1, -1):
        na = (r[:, t] + gamma * nv - v[:, t] + gamma * lam * na) * m[:, t]
        nv = v[:, t]
        adv[:, t] = na
    return adv, (adv + v) * m
