# sftkl: problem=softmax track=numpy
"""Casts to np.float32, computes the max-shifted softmax there and returns a float32 array."""
import numpy as np


def softmax(x, axis=-1):
    x32 = np.asarray(x).astype(np.float32)
    z = x32 - x32.max(axis=axis, keepdims=True)
    e = np.exp(z)
    return (e / e.sum(axis=axis, keepdims=True)).astype(np.float32)
