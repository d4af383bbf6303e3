# sftkl: problem=gae track=numpy
"""Computes in float64 whatever comes in, casts back to the inputs' dtype."""
import numpy as np


def gae(rewards, values, mask, gamma=1.0, lam=0.95):
    out = rewards.dtype
    r = np.array(rewards, dtype=np.float64)
    v = np.array(values, dtype=np.float64)
    keep = np.array(mask, dtype=bool)
    r[~keep] = 0.0
    v[~keep] = 0.0
    adv = np.zeros_like(r)
    for t in range(r.shape[1] - 1, -1, -1):
        nv = v[:, t + 1] if t + 1 < r.shape[1] else 0.0
        na = adv[:, t + 1] if t + 1 < r.shape[1] else 0.0
        adv[:, t] = (r[:, t] + gamma * nv - v[:, t] + gamma * lam * na) * keep[:, t]
    ret = (adv + v) * keep
    return adv.astype(out), ret.astype(out)
