# sftkl: problem=grpo-advantages track=numpy
"""np.split into groups and a dict of per-group functions, concatenated."""
import numpy as np


def _group(g, eps):
    return (g - g.mean()) / (g.std(ddof=1) + eps)


def _none(g, eps):
    return g - g.mean()


def _rloo(g, eps):
    return g - (g.sum() - g) / (g.size - 1)


_SCALES = {"group": _group, "none": _none, "rloo": _rloo}


def grpo_advantages(rewards, group_size, scale="group", eps=1e-6):
    if scale not in _SCALES:
        raise ValueError(f"unknown scale {scale!r}")
    if group_size < 2 or rewards.shape[0] % group_size:
        raise ValueError("group_size must be >= 2 and divide len(rewards)")
    parts = np.split(rewards, rewards.shape[0] // group_size)
    return np.concatenate([_SCALES[scale](p, eps) for p in parts])
