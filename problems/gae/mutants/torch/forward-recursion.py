# sftkl: problem=gae track=torch
"""Mutant: the recursion runs left to right (a forward loop over t)."""
import torch


def gae(rewards, values, mask, gamma=1.0, lam=0.95):
    m = mask.to(values.dtype)
    v = values * m
    next_v = torch.cat([v[:, 1:], torch.zeros_like(v[:, :1])], dim=1)
    delta = (rewards + gamma * next_v - v) * m
    advs = []
    last = torch.zeros_like(delta[:, 0])
    for t in range(delta.shape[1]):
        last = (delta[:, t] + gamma * lam * last) * m[:, t]
        advs.append(last)
    adv = torch.stack(advs, dim=1)
    return adv, (adv + v) * m
