"""verl's four loss aggregation modes, in float64, for the packs' hidden references.

`weights(shape, mask, agg)` gives w with aggregate(x) = sum(w * x): every mode is linear in
the per-token values, so the same w is also d aggregate / d x and a reference's gradient
reuses it. Empty rows follow kl-penalty's statement: `seq-mean-token-mean` leaves rows with
nothing kept out of its mean, `seq-mean-token-sum` still counts them in B, and
`seq-mean-token-sum-norm` divides by B·T with T = mask.shape[1]; nothing kept gives 0.
Convention: verl `agg_loss` (verl/trainer/ppo/core_algos.py), whose names these are.

kl-penalty and grpo-loss share it; a pack imports no other pack (tests/test_layout.py), so the
rule lives here, beside casekit, rather than in one pack for the other to copy.
"""

from __future__ import annotations

import numpy as np

AGGS = ("token-mean", "seq-mean-token-mean", "seq-mean-token-sum", "seq-mean-token-sum-norm")


def check_agg(agg):
    if not isinstance(agg, str) or agg not in AGGS:
        raise ValueError(f"unknown agg {agg!r}")
    return agg


def weights(shape, mask, agg):
    """w with aggregate(x) = sum(w * x); the same w is d aggregate / d x."""
    check_agg(agg)
    b, t = shape
    m = np.ones(shape) if mask is None else (np.asarray(mask) != 0).astype(np.float64)
    if agg == "token-mean":
        return m / max(m.sum(), 1.0)
    if agg == "seq-mean-token-mean":
        count = m.sum(axis=-1, keepdims=True)
        rows = float((count > 0).sum())  # rows with nothing kept are left out of the mean
        return m / np.maximum(count, 1.0) / max(rows, 1.0)
    if agg == "seq-mean-token-sum":
        return m / b  # an empty row adds 0 and still counts in B
    return m / (b * t)  # seq-mean-token-sum-norm: T = mask.shape[1]


def aggregate(x, mask=None, agg="token-mean"):
    """sum(w * x) with `weights`; where a weight is 0 the token does not count, whatever its
    value (a NaN or inf in the padding included)."""
    x = np.asarray(x)
    w = weights(x.shape, mask, agg)
    return np.sum(np.where(w != 0, x, 0.0) * w)
