# sftkl: problem=gae track=numpy
"""verl-style carry loop, but iterating t upwards."""
import numpy as np


def gae(rewards, values, mask, gamma=1.0, lam=0.95):
    m = np.asarray(mask, dtype=values.dtype)
    v = values * m
    T = values.shape[1]
    lastgaelam = np.zeros(values.shape[0], dtype=values.dtype)
    advantages = []
    for t in range(T):
        nextvalues = v[:, t + 1] if t + 1 < T else 0.0
        delta = rewards[:, t] + gamma * nextvalues - values[:, t]
        lastgaelam_ = delta + gamma * lam * lastgaelam
        lastgaelam = lastgaelam_ * m[:, t] + (1 - m[:, t]) * lastgaelam
        advantages.append(lastgaelam)
    adv = np.stack(advantages, axis=1) * m
    return adv, (adv + values) * m
