# sftkl: problem=gae track=numpy
"""Plain Python over each row's valid prefix, using its length."""
import numpy as np


def gae(rewards, values, mask, gamma=1.0, lam=0.95):
    B, T = rewards.shape
    adv = np.zeros((B, T), dtype=rewards.dtype)
    ret = np.zeros((B, T), dtype=rewards.dtype)
    lengths = np.asarray(mask).astype(bool).sum(axis=1)
    for b in range(B):
        n = int(lengths[b])
        running = 0.0
        for t in range(n - 1, -1, -1):
            next_v = float(values[b, t + 1]) if t + 1 < n else 0.0
            delta = float(rewards[b, t]) + gamma * next_v - float(values[b, t])
            running = delta + gamma * lam * running
            adv[b, t] = running
            ret[b, t] = running + float(values[b, t])
    return adv, ret
