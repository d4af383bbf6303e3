# sftkl: problem=softmax track=numpy
"""Typo: squares the numerator, e**2 / sum(e)."""
import numpy as np


def softmax(x, axis=-1):
    x = np.asarray(x)
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e ** 2 / e.sum(axis=axis, keepdims=True)
