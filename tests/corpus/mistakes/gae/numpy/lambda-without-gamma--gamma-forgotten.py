# sftkl: problem=gae track=numpy
"""Ignores gamma altogether: delta without gamma and a lam-only accumulation."""
import numpy as np


def gae(rewards, values, mask, gamma=1.0, lam=0.95):
    m = np.asarray(mask).astype(values.dtype)
    r, v = rewards * m, values * m
    nv = np.concatenate([v[:, 1:], np.zeros_like(v[:, :1])], axis=1)
    d = r + nv - v
    adv = np.zeros_like(d)
    a = np.zeros(d.shape[0], dtype=d.dtype)
    for t in reversed(range(d.shape[1])):
        a = d[:, t] + lam * a
        adv[:, t] = a
    return adv * m, (adv + v) * m
