# sftkl: problem=gae track=numpy
"""Scales rewards by 1/T."""
import numpy as np


def gae(rewards, values, mask, gamma=1.0, lam=0.95):
    m = np.asarray(mask).astype(values.dtype)
    r, v = rewards * m, values * m
    B, T = r.shape
    adv = np.zeros_like(r)
    nv = np.zeros(B, dtype=r.dtype)
    na = np.zeros(B, dtype=r.dtype)
    for t in reversed(range(T)):
        delta = r[:, t] / T + gamma * nv - v[:, t]
        na = (delta + gamma * lam * na) * m[:, t]
        nv = v[:, t]
        adv[:, t] = na
    return adv, (adv + v) * m
