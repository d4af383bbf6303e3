# sftkl: problem=softmax track=numpy
"""Normalizes a negative axis, swaps it to the end, computes, swaps back."""
import numpy as np


def softmax(x, axis=-1):
    x = np.asarray(x)
    if not np.issubdtype(x.dtype, np.floating):
        x = x.astype(np.float64)
    ax = axis % x.ndim
    y = np.swapaxes(x, ax, -1)
    y = y - y.max(axis=-1)[..., None]
    e = np.exp(y)
    e = e / e.sum(axis=-1)[..., None]
    return np.swapaxes(e, ax, -1)
