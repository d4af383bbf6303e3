# sftkl: problem=softmax track=numpy
"""Finds each slice's max with np.argmax + np.take_along_axis, then exp-normalizes."""
import numpy as np


def softmax(x, axis=-1):
    x = np.asarray(x)
    idx = np.expand_dims(np.argmax(x, axis=axis), axis)
    m = np.take_along_axis(x, idx, axis=axis)
    e = np.exp(x - m)
    return e / e.sum(axis=axis, keepdims=True)
