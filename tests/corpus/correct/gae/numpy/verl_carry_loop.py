# sftkl: problem=gae track=numpy
"""verl-style loop: next value and running advantage carried across masked positions; returns masked."""
import numpy as np


def gae(rewards, values, mask, gamma=1.0, lam=0.95):
    m = np.asarray(mask, dtype=values.dtype)
    nextvalues = np.zeros(values.shape[0], dtype=values.dtype)
    lastgaelam = np.zeros(values.shape[0], dtype=values.dtype)
    advantages_reversed = []
    for t in reversed(range(values.shape[1])):
        delta = rewards[:, t] + gamma * nextvalues - values[:, t]
        lastgaelam_ = delta + gamma * lam * lastgaelam
        nextvalues = values[:, t] * m[:, t] + (1 - m[:, t]) * nextvalues
        lastgaelam = lastgaelam_ * m[:, t] + (1 - m[:, t]) * lastgaelam
        advantages_reversed.append(lastgaelam)
    advantages = np.stack(advantages_reversed[::-1], axis=1) * m
    returns = (advantages + values) * m
    return advantages, returns
