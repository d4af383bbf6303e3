# sftkl: problem=gae track=numpy
"""Right numbers, but zeroes the caller's padded values in place."""
import numpy as np


def gae(rewards, values, mask, gamma=1.0, lam=0.95):
    m = np.asarray(mask).astype(bool)
    values[~m] = 0.0
    r = np.where(m, rewards, 0.0)
    adv = np.zeros_like(values)
    for t in reversed(range(values.shape[1])):
        nv = values[:, t + 1] if t + 1 < values.shape[1] else 0.0
        na = adv[:, t + 1] if t + 1 < values.shape[1] else 0.0
        adv[:, t] = (r[:, t] + gamma * nv - values[:, t] + gamma * lam * na) * m[:, t]
    return adv, (adv + values) * m
