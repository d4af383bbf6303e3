# sftkl: problem=softmax track=numpy
"""Tuple-form axis=(axis,) reductions; exp evaluated in float64 through the ufunc dtype= argument."""
import numpy as np


def softmax(x, axis=-1):
    x = np.asarray(x)
    m = np.max(x, axis=(axis,), keepdims=True)
    e = np.exp(x - m, dtype=np.float64)
    return e / np.sum(e, axis=(axis,), keepdims=True)
