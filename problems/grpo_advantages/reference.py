"""Hidden float64 reference for grpo-advantages (runs only in the grading process).

`advantages` computes in the inputs' own dtype and takes switches for the known
mistakes, so that mistakes.py models each one as this reference with one change.
"""

from __future__ import annotations

import numpy as np

SCALES = ("group", "none", "rloo")


def check(rewards, group_size, scale):
    """The argument checks every variant shares: each raises ValueError."""
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}; expected one of {SCALES}")
    if group_size < 2:
        raise ValueError(f"group_size must be at least 2, got {group_size}")
    if rewards.shape[0] % group_size:
        raise ValueError(f"{rewards.shape[0]} rewards do not split into groups of {group_size}")


def advantages(rewards, group_size, scale="group", eps=1e-6, *, ddof=1, groups="contiguous",
               stats="group", eps_at="std", rloo_self=None):
    """[N] advantages in the rewards' dtype.

    groups: "contiguous" (reshape(-1, G)), "strided" (reshape(G, -1), statistics over axis 0),
    "chunks" (reshape(G, -1), statistics over the last axis: groups of N/G).
    stats: "group"; "batch" (mean and std over all N, every scale); "batch-group-only" (the
    same for scale "group" only); "batch-std" (group mean, batch std, scale "group" only).
    eps_at: "std" (std + eps), "none" (no eps), "sqrt" (sqrt(var + eps)).
    rloo_self: None, "mean" (baseline = group mean) or "sum" (baseline = sum / (G - 1)).
    """
    r = np.asarray(rewards)
    check(r, group_size, scale)
    n = r.shape[0]
    if groups == "contiguous":
        g, axis = r.reshape(-1, group_size), -1
    else:
        g, axis = r.reshape(group_size, -1), (0 if groups == "strided" else -1)
    batch = stats == "batch" or (stats == "batch-group-only" and scale == "group")
    if batch:
        g, axis = r.reshape(1, n), -1
    mean = g.mean(axis=axis, keepdims=True)
    if scale == "none":
        out = g - mean
    elif scale == "rloo":
        if rloo_self == "mean":
            out = g - mean
        elif rloo_self == "sum":
            out = g - g.sum(axis=axis, keepdims=True) / (group_size - 1)
        else:  # leave one out; the divisor as the code would write it (group_size - 1 for "chunks" too)
            out = g - (g.sum(axis=axis, keepdims=True) - g) / ((n if batch else group_size) - 1)
    else:
        if stats == "batch-std":
            std = r.std(ddof=ddof)
        else:
            std = g.std(axis=axis, ddof=ddof, keepdims=True)
        if eps_at == "none":
            out = (g - mean) / std
        elif eps_at == "sqrt":
            var = r.var(ddof=ddof) if stats == "batch-std" else g.var(axis=axis, ddof=ddof, keepdims=True)
            out = (g - mean) / np.sqrt(var + r.dtype.type(eps))
        else:
            out = (g - mean) / (std + r.dtype.type(eps))
    return out.reshape(-1)


def grpo_advantages(rewards, group_size, scale="group", eps=1e-6):
    return advantages(np.asarray(rewards, dtype=np.float64), group_size, scale, eps)


REFERENCE = {"numpy": {"grpo_advantages": grpo_advantages}, "torch": {"grpo_advantages": grpo_advantages}}
