# sftkl: problem=softmax track=numpy
"""exp(x - lse) form where lse = log(sum(exp(x))) is computed without the max."""
import numpy as np


def softmax(x, axis=-1):
    x = np.asarray(x)
    lse = np.log(np.sum(np.exp(x), axis=axis, keepdims=True))
    return np.exp(x - lse)
