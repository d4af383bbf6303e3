# sftkl: problem=gae track=numpy
"""Closed form: A = delta @ M^T with M[t, s] = (gamma*lam)^(s - t) for s >= t, in float64."""
import numpy as np


def gae(rewards, values, mask, gamma=1.0, lam=0.95):
    dtype = rewards.dtype
    m = np.asarray(mask, dtype=np.float64)
    r = rewards.astype(np.float64) * m
    v = values.astype(np.float64) * m
    T = r.shape[1]
    next_v = np.concatenate([v[:, 1:], np.zeros((r.shape[0], 1))], axis=1)
    delta = r + gamma * next_v - v
    k = np.arange(T)
    expo = k[None, :] - k[:, None]                       # s - t
    M = np.where(expo >= 0, float(gamma * lam) ** np.maximum(expo, 0), 0.0)
    adv = np.einsum("ts,bs->bt", M, delta) * m
    return adv.astype(dtype), ((adv + v) * m).astype(dtype)
