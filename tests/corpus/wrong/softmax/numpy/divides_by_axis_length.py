# sftkl: problem=softmax track=numpy
"""Divides exp(x - max) by the length of the axis instead of by the sum of the exponentials."""
import numpy as np


def softmax(x, axis=-1):
    x = np.asarray(x)
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / x.shape[axis]
