# sftkl: problem=softmax track=numpy
"""Typo: exp(x - max) * 2 applied after the normalization, so every slice sums to 2."""
import numpy as np


def softmax(x, axis=-1):
    x = np.asarray(x)
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True) * 2
