# sftkl: problem=softmax track=numpy
"""Vectorized exp / sum with no max subtraction."""
import numpy as np


def softmax(x, axis=-1):
    x = np.asarray(x)
    e = np.exp(x)
    return e / np.sum(e, axis=axis, keepdims=True)
