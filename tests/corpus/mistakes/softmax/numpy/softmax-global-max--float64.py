# sftkl: problem=softmax track=numpy
"""Float64 internally; the shift is np.max(x64), one scalar for the whole array; normalized along axis."""
import numpy as np


def softmax(x, axis=-1):
    x64 = np.asarray(x, dtype=np.float64)
    e = np.exp(x64 - np.max(x64))
    return e / np.sum(e, axis=axis, keepdims=True)
