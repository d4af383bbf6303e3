# sftkl: problem=gae track=numpy
"""OpenRLHF-style loop, but returns = advantages."""
import numpy as np


def gae(rewards, values, mask, gamma=1.0, lam=0.95):
    m = mask.astype(values.dtype)
    values, rewards = values * m, rewards * m
    T = values.shape[1]
    last = 0.0
    rev = []
    for t in reversed(range(T)):
        nv = values[:, t + 1] if t < T - 1 else 0.0
        last = rewards[:, t] + gamma * nv - values[:, t] + gamma * lam * last
        rev.append(last)
    adv = np.stack(rev[::-1], axis=1)
    returns = adv
    return adv, returns
