# sftkl: problem=softmax track=numpy
"""Stable softmax of np.abs(x) instead of x (a stray abs)."""
import numpy as np


def softmax(x, axis=-1):
    a = np.abs(np.asarray(x))
    e = np.exp(a - a.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)
