# sftkl: problem=gae track=numpy
"""Discount matrix built lower-triangular: A_t sums (gamma*lam)^(t-s) delta_s over s <= t."""
import numpy as np


def gae(rewards, values, mask, gamma=1.0, lam=0.95):
    m = np.asarray(mask).astype(np.float64)
    v = values * m
    nv = np.concatenate([v[:, 1:], np.zeros_like(v[:, :1])], axis=1)
    delta = (rewards + gamma * nv - v) * m
    T = delta.shape[1]
    k = np.arange(T)
    e = k[:, None] - k[None, :]
    M = np.where(e >= 0, (gamma * lam) ** np.maximum(e, 0), 0.0)
    adv = (delta @ M.T) * m
    return adv.astype(rewards.dtype), ((adv + v) * m).astype(rewards.dtype)
