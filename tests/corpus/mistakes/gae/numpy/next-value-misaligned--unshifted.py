# sftkl: problem=gae track=numpy
"""Vectorised deltas with next_values = values (never shifted)."""
import numpy as np


def gae(rewards, values, mask, gamma=1.0, lam=0.95):
    m = np.asarray(mask).astype(bool)
    v = np.where(m, values, 0.0)
    next_values = v
    deltas = np.where(m, rewards + gamma * next_values - v, 0.0)
    adv = np.zeros_like(deltas)
    run = np.zeros(deltas.shape[0])
    for t in range(deltas.shape[1] - 1, -1, -1):
        run = deltas[:, t] + gamma * lam * run
        adv[:, t] = run
    return adv.astype(rewards.dtype), np.where(m, adv + v, 0.0).astype(rewards.dtype)
