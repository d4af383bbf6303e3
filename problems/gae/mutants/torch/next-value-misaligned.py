# sftkl: problem=gae track=torch
"""Mutant: next_values = values, never shifted."""
import torch


def gae(rewards, values, mask, gamma=1.0, lam=0.95):
    m = mask.float().to(values.dtype)
    v = values * m
    next_values = v  # should be v shifted left by one
    delta = (rewards + gamma * next_values - v) * m
    adv = torch.zeros_like(delta)
    last = torch.zeros_like(delta[:, 0])
    for t in reversed(range(delta.shape[1])):
        last = (delta[:, t] + gamma * lam * last) * m[:, t]
        adv[:, t] = last
    return adv, (adv + v) * m
