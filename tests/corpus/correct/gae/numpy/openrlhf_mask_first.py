# sftkl: problem=gae track=numpy
"""OpenRLHF-style: zero values and rewards under the mask, then an unmasked backward loop."""
import numpy as np


def gae(rewards, values, mask, gamma=1.0, lam=0.95):
    m = mask.astype(values.dtype)
    values = m * values
    rewards = m * rewards
    T = rewards.shape[1]
    lastgaelam = 0
    advantages_reversed = []
    for t in reversed(range(T)):
        nextvalues = values[:, t + 1] if t < T - 1 else 0.0
        delta = rewards[:, t] + gamma * nextvalues - values[:, t]
        lastgaelam = delta + gamma * lam * lastgaelam
        advantages_reversed.append(lastgaelam)
    advantages = np.stack(advantages_reversed[::-1], axis=1)
    returns = advantages + values
    return advantages, returns
