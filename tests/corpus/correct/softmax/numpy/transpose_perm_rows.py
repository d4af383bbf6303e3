# sftkl: problem=softmax track=numpy
"""np.transpose with an explicit permutation moving axis last, 2-D rows, inverse permutation via argsort."""
import numpy as np


def softmax(x, axis=-1):
    x = np.asarray(x)
    ax = axis % x.ndim
    perm = [d for d in range(x.ndim) if d != ax] + [ax]
    y = np.transpose(x, perm)
    rows = y.reshape(-1, y.shape[-1])
    z = rows - rows.max(axis=1)[:, None]
    e = np.exp(z)
    p = (e / e.sum(axis=1)[:, None]).reshape(y.shape)
    return np.transpose(p, np.argsort(perm))
