# sftkl: problem=gae track=numpy
"""Whitens the advantages over the mask (verl masked_whiten) before returning them."""
import numpy as np


def gae(rewards, values, mask, gamma=1.0, lam=0.95):
    m = np.asarray(mask).astype(values.dtype)
    r, v = rewards * m, values * m
    B, T = r.shape
    adv = np.zeros_like(r)
    nv = np.zeros(B, dtype=r.dtype)
    na = np.zeros(B, dtype=r.dtype)
    for t in reversed(range(T)):
        delta = r[:, t] + gamma * nv - v[:, t]
        na = (delta + gamma * lam * na) * m[:, t]
        nv = v[:, t]
        adv[:, t] = na
    ret = (adv + v) * m
    n = m.sum()
    mean = (adv * m).sum() / n
    var = (((adv - mean) * m) ** 2).sum() / max(n - 1, 1)
    return (adv - mean) / np.sqrt(var + 1e-8) * m, ret
