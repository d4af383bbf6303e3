# sftkl: problem=gae track=numpy
"""Shifts the values right instead of left: delta_t uses V_{t-1}."""
import numpy as np


def gae(rewards, values, mask, gamma=1.0, lam=0.95):
    m = np.asarray(mask).astype(values.dtype)
    v = values * m
    nv = np.zeros_like(v)
    nv[:, 1:] = v[:, :-1]
    d = (rewards + gamma * nv - v) * m
    adv = np.zeros_like(d)
    acc = 0.0
    for t in reversed(range(d.shape[1])):
        acc = (d[:, t] + gamma * lam * acc) * m[:, t]
        adv[:, t] = acc
    return adv, (adv + v) * m
