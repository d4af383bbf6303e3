# sftkl: problem=softmax track=numpy
"""Adds 1e-3 to every probability after normalizing (a misplaced epsilon)."""
import numpy as np


def softmax(x, axis=-1):
    x = np.asarray(x)
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True) + 1e-3
