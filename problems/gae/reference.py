"""Hidden float64 reference for gae (runs only in the grading process).

`gae` returns the tuple (advantages, returns). Until the engine judges tuple results,
the learner's file keeps two one-line wrappers that the grader calls,
`gae_advantages` (element 0) and `gae_returns` (element 1); the reference is called
the same way.
"""

from __future__ import annotations

import numpy as np


def gae(rewards, values, mask, gamma=1.0, lam=0.95):
    """Backward recursion over the valid (right-padded) tokens of each row, in float64."""
    r = np.asarray(rewards, dtype=np.float64)
    v = np.asarray(values, dtype=np.float64)
    m = np.asarray(mask).astype(bool)
    t_len = r.shape[-1]
    adv = np.zeros_like(r)
    next_v = np.zeros(r.shape[:-1])
    next_a = np.zeros(r.shape[:-1])
    for t in reversed(range(t_len)):
        delta = r[:, t] + gamma * next_v - v[:, t]
        a = delta + gamma * lam * next_a
        # padding: nothing is written, and the next valid token (to the left) sees V = 0, A = 0
        adv[:, t] = np.where(m[:, t], a, 0.0)
        next_v = np.where(m[:, t], v[:, t], 0.0)
        next_a = adv[:, t]
    ret = np.where(m, adv + v, 0.0)
    return adv, ret


def gae_advantages(rewards, values, mask, gamma=1.0, lam=0.95):
    return gae(rewards, values, mask, gamma, lam)[0]


def gae_returns(rewards, values, mask, gamma=1.0, lam=0.95):
    return gae(rewards, values, mask, gamma, lam)[1]


_CALLS = {"gae_advantages": gae_advantages, "gae_returns": gae_returns}
REFERENCE = {"numpy": dict(_CALLS), "torch": dict(_CALLS)}
GRADIENT: dict = {"numpy": {}, "torch": {}}
