# sftkl: problem=softmax track=numpy
"""Casts to float64 internally and returns a float64 result."""
import numpy as np


def softmax(x, axis=-1):
    x64 = np.asarray(x, dtype=np.float64)
    shifted = x64 - x64.max(axis=axis, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=axis, keepdims=True)
