# sftkl: problem=softmax track=numpy
"""Correct probabilities with an extra leading axis (shape (1, *x.shape))."""
import numpy as np


def softmax(x, axis=-1):
    x = np.asarray(x)
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    p = e / e.sum(axis=axis, keepdims=True)
    return p[np.newaxis]
