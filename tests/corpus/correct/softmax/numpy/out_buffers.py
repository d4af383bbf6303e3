# sftkl: problem=softmax track=numpy
"""Uses ufunc out= buffers on a fresh array (input left untouched)."""
import numpy as np


def softmax(x, axis=-1):
    x = np.asarray(x)
    if not np.issubdtype(x.dtype, np.floating):
        x = x.astype(np.float64)
    buf = np.subtract(x, np.amax(x, axis=axis, keepdims=True))
    np.exp(buf, out=buf)
    buf /= np.add.reduce(buf, axis=axis, keepdims=True)
    return buf
