# sftkl: problem=gae track=numpy
"""Mutant: next_value is updated before delta is computed, so delta_t uses V_t twice."""
import numpy as np


def gae(rewards, values, mask, gamma=1.0, lam=0.95):
    m = np.asarray(mask).astype(bool)
    B, T = rewards.shape
    adv = np.zeros_like(rewards)
    next_value = np.zeros(B, dtype=rewards.dtype)
    last = np.zeros(B, dtype=rewards.dtype)
    for t in reversed(range(T)):
        next_value = np.where(m[:, t], values[:, t], 0.0)
        delta = rewards[:, t] + gamma * next_value - values[:, t]
        last = np.where(m[:, t], delta + gamma * lam * last, 0.0)
        adv[:, t] = last
    return adv, np.where(m, adv + values, 0.0)
