# sftkl: problem=gae track=torch
"""Closed form with torch.triu: A = delta @ M^T, M[t, s] = (gamma*lam)^(s - t)."""
import torch


def gae(rewards, values, mask, gamma=1.0, lam=0.95):
    m = mask.to(rewards.dtype)
    v = values * m
    next_v = torch.nn.functional.pad(v[:, 1:], (0, 1))
    delta = (rewards * m + gamma * next_v - v) * m
    T = delta.shape[1]
    idx = torch.arange(T)
    expo = (idx[None, :] - idx[:, None]).clamp(min=0).to(torch.float64)
    M = torch.triu(torch.full((T, T), float(gamma * lam), dtype=torch.float64).pow(expo))
    adv = (delta.double() @ M.T).to(rewards.dtype) * m
    return adv, (adv + v) * m
