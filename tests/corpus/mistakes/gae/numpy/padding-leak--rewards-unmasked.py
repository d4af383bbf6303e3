# sftkl: problem=gae track=numpy
"""Masks the values but not the rewards, and lets the running advantage flow through padding."""
import numpy as np


def gae(rewards, values, mask, gamma=1.0, lam=0.95):
    m = np.asarray(mask).astype(bool)
    v = np.where(m, values, 0.0)
    nv = np.concatenate([v[:, 1:], np.zeros_like(v[:, :1])], axis=1)
    d = rewards + gamma * nv - v
    adv = np.zeros_like(d)
    run = np.zeros(d.shape[0])
    for t in reversed(range(d.shape[1])):
        run = d[:, t] + gamma * lam * run
        adv[:, t] = run
    adv = np.where(m, adv, 0.0)
    return adv.astype(values.dtype), np.where(m, adv + v, 0.0).astype(values.dtype)
