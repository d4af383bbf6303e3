# sftkl: problem=gae track=numpy
"""Vectorised TD errors from a shifted, masked value array; then one backward pass."""
import numpy as np


def gae(rewards, values, mask, gamma=1.0, lam=0.95):
    m = np.asarray(mask).astype(bool)
    v = np.where(m, values, 0)
    next_v = np.zeros_like(v)
    next_v[:, :-1] = v[:, 1:]
    deltas = np.where(m, rewards + gamma * next_v - v, 0)
    adv = np.empty_like(deltas)
    acc = np.zeros(deltas.shape[0], dtype=deltas.dtype)
    for t in range(deltas.shape[1] - 1, -1, -1):
        acc = deltas[:, t] + gamma * lam * acc
        adv[:, t] = acc
    return adv, np.where(m, adv + v, 0)
