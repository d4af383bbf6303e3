# sftkl: problem=softmax track=numpy
"""Stable softmax that ignores the axis argument and always uses the last axis."""
import numpy as np


def softmax(x, axis=-1):
    x = np.asarray(x)
    z = x - np.max(x, axis=-1, keepdims=True)
    e = np.exp(z)
    return e / np.sum(e, axis=-1, keepdims=True)
