# sftkl: problem=gae track=numpy
"""verl-style loop that forgets to reverse the collected list."""
import numpy as np


def gae(rewards, values, mask, gamma=1.0, lam=0.95):
    m = np.asarray(mask, dtype=values.dtype)
    nextvalues, lastgaelam, rev = 0.0, 0.0, []
    for t in reversed(range(values.shape[1])):
        delta = rewards[:, t] + gamma * nextvalues - values[:, t]
        lastgaelam_ = delta + gamma * lam * lastgaelam
        nextvalues = values[:, t] * m[:, t] + (1 - m[:, t]) * nextvalues
        lastgaelam = lastgaelam_ * m[:, t] + (1 - m[:, t]) * lastgaelam
        rev.append(lastgaelam)
    adv = np.stack(rev, axis=1) * m
    return adv, (adv + values) * m
