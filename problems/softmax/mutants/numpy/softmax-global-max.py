# sftkl: problem=softmax track=numpy
"""One max over the whole array, then a sum along the axis."""
import numpy as np


def softmax(x, axis=-1):
    e = np.exp(x - np.max(x))
    return e / e.sum(axis=axis, keepdims=True)
