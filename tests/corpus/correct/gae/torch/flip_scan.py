# sftkl: problem=gae track=torch
"""torch.flip the time axis, scan forwards, flip back."""
import torch


def gae(rewards, values, mask, gamma=1.0, lam=0.95):
    m = mask.to(values.dtype)
    v = values * m
    nxt = torch.cat([v[:, 1:], v.new_zeros(v.shape[0], 1)], dim=1)
    d = torch.flip((rewards * m + gamma * nxt - v), dims=[1])
    outs = []
    carry = torch.zeros_like(d[:, 0])
    for i in range(d.shape[1]):
        carry = d[:, i] + gamma * lam * carry
        outs.append(carry)
    adv = torch.flip(torch.stack(outs, dim=1), dims=[1]) * m
    return adv, (adv + v) * m
