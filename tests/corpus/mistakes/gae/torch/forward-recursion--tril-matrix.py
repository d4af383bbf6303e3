# sftkl: problem=gae track=torch
"""Discount matrix with torch.tril: sums past TD errors."""
import torch


def gae(rewards, values, mask, gamma=1.0, lam=0.95):
    m = mask.to(torch.float64)
    v = values.double() * m
    nv = torch.nn.functional.pad(v[:, 1:], (0, 1))
    d = (rewards.double() * m + gamma * nv - v)
    T = d.shape[1]
    i = torch.arange(T)
    e = (i[:, None] - i[None, :]).clamp(min=0).double()
    M = torch.tril(torch.full((T, T), float(gamma * lam), dtype=torch.float64) ** e)
    adv = (d @ M.T) * m
    return adv.to(values.dtype), ((adv + v) * m).to(values.dtype)
