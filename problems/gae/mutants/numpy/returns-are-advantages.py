# sftkl: problem=gae track=numpy
"""Mutant: returns are the advantages themselves (no + V)."""
import numpy as np


def gae(rewards, values, mask, gamma=1.0, lam=0.95):
    m = np.asarray(mask).astype(rewards.dtype)
    r, v = rewards * m, values * m
    B, T = r.shape
    adv = np.zeros_like(r)
    nv = np.zeros(B, dtype=r.dtype)
    na = np.zeros(B, dtype=r.dtype)
    for t in range(T - 1, -1, -1):
        delta = r[:, t] + gamma * nv - v[:, t]
        na = (delta + gamma * lam * na) * m[:, t]
        nv = v[:, t]
        adv[:, t] = na
    return adv, adv.copy()
