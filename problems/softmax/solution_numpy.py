# sftkl: problem=softmax track=numpy
import numpy as np


def softmax(x, axis=-1):
    # Softmax is unchanged by subtracting a constant from a slice; subtracting the
    # slice's max makes every exponent <= 0, so exp cannot overflow, and the max
    # entry contributes exp(0) = 1, so the denominator is at least 1.
    m = x.max(axis=axis, keepdims=True)       # keepdims: broadcasts back along `axis`
    e = np.exp(x - m)
    return e / e.sum(axis=axis, keepdims=True)
