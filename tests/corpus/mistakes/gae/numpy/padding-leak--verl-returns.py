# sftkl: problem=gae track=numpy
"""verl's loop as it is: right advantages, but returns = advantages + values unmasked."""
import numpy as np


def gae(rewards, values, mask, gamma=1.0, lam=0.95):
    m = np.asarray(mask, dtype=values.dtype)
    nextvalues = 0
    lastgaelam = 0
    rev = []
    for t in reversed(range(values.shape[1])):
        delta = rewards[:, t] + gamma * nextvalues - values[:, t]
        lastgaelam_ = delta + gamma * lam * lastgaelam
        nextvalues = values[:, t] * m[:, t] + (1 - m[:, t]) * nextvalues
        lastgaelam = lastgaelam_ * m[:, t] + (1 - m[:, t]) * lastgaelam
        rev.append(lastgaelam)
    advantages = np.stack(rev[::-1], axis=1)
    returns = advantages + values
    return advantages, returns
