# sftkl: problem=softmax track=numpy
"""np.amax shift, then multiplies by np.reciprocal of the slice sums instead of dividing."""
import numpy as np


def softmax(x, axis=-1):
    x = np.asarray(x)
    e = np.exp(x - np.amax(x, axis=axis, keepdims=True))
    return e * np.reciprocal(e.sum(axis=axis, keepdims=True))
