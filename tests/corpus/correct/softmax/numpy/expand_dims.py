# sftkl: problem=softmax track=numpy
"""Reductions without keepdims, re-expanded with np.expand_dims."""
import numpy as np


def softmax(x, axis=-1):
    x = np.asarray(x)
    if not np.issubdtype(x.dtype, np.floating):
        x = x.astype(np.float64)
    m = np.expand_dims(np.max(x, axis=axis), axis)
    e = np.exp(x - m)
    s = np.expand_dims(np.sum(e, axis=axis), axis)
    return e / s
