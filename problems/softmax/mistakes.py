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


_OVERFLOW = {"softmax": [overflow_ratio, overflow_lse]}
_AXIS = {"softmax": [always_last, always_first, global_norm]}

MODELS = {
    "softmax-overflow": {"numpy": _OVERFLOW, "torch": _OVERFLOW},
    "softmax-wrong-axis": {"numpy": _AXIS, "torch": _AXIS},
}
