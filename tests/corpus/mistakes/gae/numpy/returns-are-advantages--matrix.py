# sftkl: problem=gae track=numpy
"""Closed-form advantages; the returns are the same array."""
import numpy as np


def gae(rewards, values, mask, gamma=1.0, lam=0.95):
    m = np.asarray(mask, dtype=np.float64)
    v = values * m
    nv = np.pad(v[:, 1:], ((0, 0), (0, 1)))
    d = (rewards * m + gamma * nv - v)
    k = np.arange(d.shape[1])
    e = k[None, :] - k[:, None]
    M = np.where(e >= 0, (gamma * lam) ** np.maximum(e, 0), 0.0)
    adv = (d @ M.T * m).astype(rewards.dtype)
    return adv, adv
