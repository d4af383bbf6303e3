# sftkl: problem=softmax track=numpy
"""Subtracts x.max() over the whole array (not per slice), then exp and a correct keepdims sum along axis."""
import numpy as np


def softmax(x, axis=-1):
    x = np.asarray(x)
    e = np.exp(x - x.max())
    return e / e.sum(axis=axis, keepdims=True)
