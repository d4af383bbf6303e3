# sftkl: problem=softmax track=numpy
"""np.moveaxis + loop over rows, each row shifted by the global np.amax(x) instead of its own max."""
import numpy as np


def softmax(x, axis=-1):
    x = np.asarray(x)
    top = np.amax(x)
    moved = np.moveaxis(x, axis, -1)
    rows = moved.reshape(-1, moved.shape[-1])
    out = np.empty(rows.shape, dtype=rows.dtype)
    for i in range(rows.shape[0]):
        e = np.exp(rows[i] - top)
        out[i] = e / e.sum()
    return np.moveaxis(out.reshape(moved.shape), -1, axis)
