# sftkl: problem=softmax track=numpy
"""Returns the (stable) log-softmax instead of the softmax."""
import numpy as np


def softmax(x, axis=-1):
    x = np.asarray(x)
    z = x - x.max(axis=axis, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=axis, keepdims=True))
