# sftkl: problem=gae track=torch
"""verl-style loop that updates nextvalues before computing delta."""
import torch


def gae(rewards, values, mask, gamma=1.0, lam=0.95):
    m = mask.to(values.dtype)
    nextvalues = torch.zeros_like(values[:, 0])
    lastgaelam = torch.zeros_like(values[:, 0])
    out = []
    for t in reversed(range(values.shape[1])):
        nextvalues = values[:, t] * m[:, t] + (1 - m[:, t]) * nextvalues
        delta = rewards[:, t] + gamma * nextvalues - values[:, t]
        lastgaelam = (delta + gamma * lam * lastgaelam) * m[:, t] + (1 - m[:, t]) * lastgaelam
        out.append(lastgaelam)
    adv = torch.stack(out[::-1], dim=1) * m
    return adv, (adv + values) * m
