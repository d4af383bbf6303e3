# sftkl: problem=gae track=numpy
"""Works in float32 throughout (float64 callers get float32 back: passes with a note)."""
import numpy as np


def gae(rewards, values, mask, gamma=1.0, lam=0.95):
    m = np.asarray(mask).astype(np.float32)
    r = rewards.astype(np.float32) * m
    v = values.astype(np.float32) * m
    g, gl = np.float32(gamma), np.float32(gamma * lam)
    adv = np.zeros_like(r)
    nv = np.zeros(r.shape[0], np.float32)
    na = np.zeros(r.shape[0], np.float32)
    for t in reversed(range(r.shape[1])):
        na = (r[:, t] + g * nv - v[:, t] + gl * na) * m[:, t]
        nv = v[:, t]
        adv[:, t] = na
    return adv, (adv + v) * m
