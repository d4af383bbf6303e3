# sftkl: problem=softmax track=numpy
"""Stable softmax normalised over all elements (axis=None) instead of axis."""
import numpy as np


def softmax(x, axis=-1):
    x = np.asarray(x)
    e = np.exp(x - np.max(x))
    return e / np.sum(e)
