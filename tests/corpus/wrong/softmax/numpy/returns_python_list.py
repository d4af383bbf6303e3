# sftkl: problem=softmax track=numpy
"""Correct probabilities returned as a nested Python list (.tolist())."""
import numpy as np


def softmax(x, axis=-1):
    x = np.asarray(x)
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return (e / e.sum(axis=axis, keepdims=True)).tolist()
