# sftkl: problem=softmax track=numpy
"""np.moveaxis + python loop over rows, no max subtraction."""
import numpy as np


def softmax(x, axis=-1):
    x = np.asarray(x)
    moved = np.moveaxis(x, axis, -1)
    n = moved.shape[-1]
    rows = moved.reshape(-1, n)
    out = np.empty_like(rows)
    for i in range(rows.shape[0]):
        e = np.exp(rows[i])
        out[i] = e / e.sum()
    return np.moveaxis(out.reshape(moved.shape), -1, axis)
