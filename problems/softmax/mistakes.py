"""Models of the known softmax mistakes, for diagnosis in the grading process.

Each model runs on the case's inputs in the case's own dtype, so a float32
overflow happens here exactly where it happens in the learner's code. A list
holds variants: the mistake is named if any variant explains the failures.
"""

from __future__ import annotations

import numpy as np


def _stable(x, axis):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


# softmax-overflow: no max shift, written either as exp(x) / sum(exp(x)) ...
def overflow_ratio(x, axis=-1):
    e = np.exp(x)
    return e / e.sum(axis=axis, keepdims=True)


# ... or as exp(x - log(sum(exp(x)))), whose unshifted log-sum-exp overflows
# (inf: the slice becomes 0) or underflows (-inf: the slice becomes inf).
def overflow_lse(x, axis=-1):
    return np.exp(x - np.log(np.exp(x).sum(axis=axis, keepdims=True)))


# softmax-wrong-axis: the axis argument is ignored ...
def always_last(x, axis=-1):
    return _stable(x, -1)


def always_first(x, axis=-1):
    return _stable(x, 0)


# ... or the max and the sum run over the whole array.
def global_norm(x, axis=-1):
    e = np.exp(x - x.max())
    return e / e.sum()


# softmax-global-max: one max over the whole array, then exp and a sum along the axis
# (right). A slice far below the global max underflows to 0 / 0.
def global_max(x, axis=-1):
    e = np.exp(x - x.max())
    return e / e.sum(axis=axis, keepdims=True)


def _half(x):
    """float16 values held in float32 (±inf beyond 65504), as torch's half kernels hold them."""
    return np.asarray(x).astype(np.float16).astype(np.float32)


# half-precision-overflow: computed in float16 (`x.half()`), cast back at the end.
# Logits beyond ±65504 become ±inf there: inf - inf is NaN.
def half_max(x, axis=-1):
    h = _half(x)
    e = np.exp(h - h.max(axis=axis, keepdims=True))
    return _half(e / e.sum(axis=axis, keepdims=True)).astype(x.dtype)


def half_lse(x, axis=-1):
    h = _half(x)
    m = h.max(axis=axis, keepdims=True)
    with np.errstate(all="ignore"):
        lse = np.where(np.isinf(m), m, m + np.log(np.exp(h - m).sum(axis=axis, keepdims=True)))  # torch keeps ±inf
        return _half(np.exp(h - lse)).astype(x.dtype)


half_max.precision = half_lse.precision = "float16"  # known to float16's precision only

_OVERFLOW = {"softmax": [overflow_ratio, overflow_lse]}
_AXIS = {"softmax": [always_last, always_first, global_norm]}
_GLOBAL_MAX = {"softmax": global_max}
_HALF = {"softmax": [half_max, half_lse]}

MODELS = {
    "softmax-overflow": {"numpy": _OVERFLOW, "torch": _OVERFLOW},
    "softmax-wrong-axis": {"numpy": _AXIS, "torch": _AXIS},
    "softmax-global-max": {"numpy": _GLOBAL_MAX, "torch": _GLOBAL_MAX},
    "half-precision-overflow": {"torch": _HALF},
}
