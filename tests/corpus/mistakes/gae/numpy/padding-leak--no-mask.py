# sftkl: problem=gae track=numpy
"""The mask is never used: the recursion and both outputs run over the padding."""
import numpy as np


def gae(rewards, values, mask, gamma=1.0, lam=0.95):
    T = values.shape[1]
    adv = np.zeros_like(values)
    last = 0.0
    for t in reversed(range(T)):
        nv = values[:, t + 1] if t + 1 < T else 0.0
        last = rewards[:, t] + gamma * nv - values[:, t] + gamma * lam * last
        adv[:, t] = last
    return adv, adv + values
