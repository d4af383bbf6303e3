# sftkl: problem=softmax track=numpy
"""Returns a one-hot hardmax (1.0 at the argmax of each slice) instead of the softmax."""
import numpy as np


def softmax(x, axis=-1):
    x = np.asarray(x)
    idx = np.expand_dims(np.argmax(x, axis=axis), axis)
    out = np.zeros(x.shape, dtype=np.float64)
    np.put_along_axis(out, idx, 1.0, axis=axis)
    return out
