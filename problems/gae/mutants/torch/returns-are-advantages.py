# sftkl: problem=gae track=torch
"""Mutant: returns = advantages (OpenRLHF-style loop, + values forgotten)."""
import torch


def gae(rewards, values, mask, gamma=1.0, lam=0.95):
    m = mask.to(values.dtype)
    values = values * m
    rewards = rewards * m
    T = values.shape[1]
    lastgaelam = 0
    rev = []
    for t in reversed(range(T)):
        nextvalues = values[:, t + 1] if t < T - 1 else 0.0
        delta = rewards[:, t] + gamma * nextvalues - values[:, t]
        lastgaelam = delta + gamma * lam * lastgaelam
        rev.append(lastgaelam)
    adv = torch.stack(rev[::-1], dim=1)
    return adv, adv
