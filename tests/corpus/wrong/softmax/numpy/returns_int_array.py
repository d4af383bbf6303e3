# sftkl: problem=softmax track=numpy
"""Rounds the probabilities to an integer array (np.rint(...).astype(np.int64))."""
import numpy as np


def softmax(x, axis=-1):
    x = np.asarray(x)
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return np.rint(e / e.sum(axis=axis, keepdims=True)).astype(np.int64)
