# sftkl: problem=softmax track=numpy
"""Uses np.exp2 (base 2) instead of np.exp: a base-2 softmax, i.e. temperature 1/ln 2."""
import numpy as np


def softmax(x, axis=-1):
    x = np.asarray(x)
    e = np.exp2(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)
