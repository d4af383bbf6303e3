# sftkl: problem=gae track=torch
"""OpenRLHF-style masked inputs, but the loop runs t upwards."""
import torch


@torch.no_grad()
def gae(rewards, values, mask, gamma=1.0, lam=0.95):
    m = mask.to(values.dtype)
    values, rewards = values * m, rewards * m
    T = values.shape[1]
    last = 0
    advs = []
    for t in range(T):
        nv = values[:, t + 1] if t < T - 1 else 0.0
        delta = rewards[:, t] + gamma * nv - values[:, t]
        last = (delta + gamma * lam * last) * m[:, t]
        advs.append(last)
    adv = torch.stack(advs, dim=1)
    return adv, adv + values
