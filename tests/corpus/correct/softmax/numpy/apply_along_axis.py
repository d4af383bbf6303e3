# sftkl: problem=softmax track=numpy
"""np.apply_along_axis with a max-shifted 1-D softmax applied to every slice along axis."""
import numpy as np


def _softmax_1d(v):
    e = np.exp(v - v.max())
    return e / e.sum()


def softmax(x, axis=-1):
    x = np.asarray(x)
    return np.apply_along_axis(_softmax_1d, axis, x)
