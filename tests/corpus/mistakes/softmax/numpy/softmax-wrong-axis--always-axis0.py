# sftkl: problem=softmax track=numpy
"""Stable softmax that always normalises over axis 0."""
import numpy as np


def softmax(x, axis=-1):
    x = np.asarray(x)
    z = x - x.max(axis=0, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=0, keepdims=True)
