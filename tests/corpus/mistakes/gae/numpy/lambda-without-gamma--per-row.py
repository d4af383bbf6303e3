# sftkl: problem=gae track=numpy
"""Per-row Python loop; the running advantage decays by lam only."""
import numpy as np


def gae(rewards, values, mask, gamma=1.0, lam=0.95):
    B, T = rewards.shape
    adv = np.zeros_like(rewards)
    ret = np.zeros_like(rewards)
    for b in range(B):
        n = int(np.asarray(mask[b]).astype(bool).sum())
        running = 0.0
        for t in reversed(range(n)):
            nv = values[b, t + 1] if t + 1 < n else 0.0
            running = rewards[b, t] + gamma * nv - values[b, t] + lam * running
            adv[b, t] = running
            ret[b, t] = running + values[b, t]
    return adv, ret
