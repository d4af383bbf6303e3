# sftkl: problem=softmax track=numpy
"""Log-sum-exp form: exp(x - lse) with a stable lse."""
import numpy as np


def _logsumexp(x, axis):
    m = np.max(x, axis=axis, keepdims=True)
    return m + np.log(np.sum(np.exp(x - m), axis=axis, keepdims=True))


def softmax(x, axis=-1):
    x = np.asarray(x, dtype=np.result_type(x, np.float32))
    return np.exp(x - _logsumexp(x, axis))
