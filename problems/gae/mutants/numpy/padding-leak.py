# sftkl: problem=gae track=numpy
"""Mutant: the last valid token bootstraps from the padded value V_{t+1}."""
import numpy as np


def gae(rewards, values, mask, gamma=1.0, lam=0.95):
    m = np.asarray(mask).astype(rewards.dtype)
    next_v = np.concatenate([values[:, 1:], np.zeros_like(values[:, :1])], axis=1)  # not masked
    delta = rewards + gamma * next_v - values
    adv = np.zeros_like(delta)
    last = np.zeros_like(delta[:, 0])
    for t in reversed(range(delta.shape[1])):
        last = (delta[:, t] + gamma * lam * last) * m[:, t]
        adv[:, t] = last
    return adv, (adv + values) * m
