# sftkl: problem=softmax track=numpy
"""Divides the logits by 2 (a stray temperature) before an otherwise stable softmax."""
import numpy as np


def softmax(x, axis=-1):
    z = np.asarray(x) / 2.0
    e = np.exp(z - z.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)
