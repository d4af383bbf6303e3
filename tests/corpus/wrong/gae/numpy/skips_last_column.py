# sftkl: problem=gae track=numpy
"""Off by one: the loop starts at T - 2, so the last column is never filled."""
import numpy as np


def gae(rewards, values, mask, gamma=1.0, lam=0.95):
    m = np.asarray(mask).astype(values.dtype)
    r, v = rewards * m, values * m
    T = r.shape[1]
    adv = np.zeros_like(r)
    for t in range(T - 2, -1, -1):
        adv[:, t] = (r[:, t] + gamma * v[:, t + 1] - v[:, t] + gamma * lam * adv[:, t + 1]) * m[:, t]
    return adv, (adv + v) * m
