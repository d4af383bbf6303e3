"""Hidden float64 reference for gae (runs only in the grading process).

gae(rewards, values, mask, gamma=1.0, lam=0.95) -> (advantages, returns); the grader judges
each element of the tuple on its own (the track's `returns` in problem.toml).
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


REFERENCE = {"numpy": {"gae": gae}, "torch": {"gae": gae}}
GRADIENT: dict = {"numpy": {}, "torch": {}}
