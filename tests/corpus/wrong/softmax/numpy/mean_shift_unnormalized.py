# sftkl: problem=softmax track=numpy
"""Subtracts the mean instead of the max and then forgets to normalize: returns exp(x - mean)."""
import numpy as np


def softmax(x, axis=-1):
    x = np.asarray(x)
    return np.exp(x - x.mean(axis=axis, keepdims=True))
