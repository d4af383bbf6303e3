# sftkl: problem=softmax track=numpy
"""Rejects every input with a ValueError (a bogus argument check)."""
import numpy as np


def softmax(x, axis=-1):
    x = np.asarray(x)
    if x.ndim >= 1:
        raise ValueError(f"softmax: unsupported input of shape {x.shape}")
    return x
