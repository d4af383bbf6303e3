# sftkl: problem=softmax track=numpy
"""exp(x - np.logaddexp.reduce(x, axis, keepdims=True)) evaluated in float64 (float64 result)."""
import numpy as np


def softmax(x, axis=-1):
    x64 = np.asarray(x, dtype=np.float64)
    log_z = np.logaddexp.reduce(x64, axis=axis, keepdims=True)
    return np.exp(x64 - log_z)
