# sftkl: problem=gae track=numpy
"""Mutant: the recursion runs left to right, adding γλ times the previous token's advantage."""
import numpy as np


def gae(rewards, values, mask, gamma=1.0, lam=0.95):
    m = np.asarray(mask, dtype=rewards.dtype)
    v = values * m
    next_v = np.concatenate([v[:, 1:], np.zeros_like(v[:, :1])], axis=1)
    delta = (rewards + gamma * next_v - v) * m
    adv = np.zeros_like(delta)
    last = np.zeros_like(delta[:, 0])
    for t in range(delta.shape[1]):
        last = (delta[:, t] + gamma * lam * last) * m[:, t]
        adv[:, t] = last
    return adv, (adv + v) * m
