# sftkl: problem=gae track=numpy
"""Reverse time with [:, ::-1], scan left to right, reverse back."""
import numpy as np


def gae(rewards, values, mask, gamma=1.0, lam=0.95):
    m = np.asarray(mask) != 0
    v = np.where(m, values, 0.0)
    r = np.where(m, rewards, 0.0)
    nxt = np.pad(v[:, 1:], ((0, 0), (0, 1)))
    d = (r + gamma * nxt - v)[:, ::-1]
    out = np.zeros_like(d)
    carry = 0.0
    for i in range(d.shape[1]):
        carry = d[:, i] + gamma * lam * carry
        out[:, i] = carry
    adv = np.ascontiguousarray(out[:, ::-1]) * m
    return adv.astype(rewards.dtype), ((adv + v) * m).astype(rewards.dtype)
