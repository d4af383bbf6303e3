# sftkl: problem=softmax track=numpy
"""Move the axis last with np.moveaxis, then a python loop over flattened rows."""
import numpy as np


def softmax(x, axis=-1):
    x = np.asarray(x)
    if not np.issubdtype(x.dtype, np.floating):
        x = x.astype(np.float64)
    moved = np.moveaxis(x, axis, -1)
    n = moved.shape[-1]
    rows = moved.reshape(-1, n)
    out = np.empty_like(rows)
    for i in range(rows.shape[0]):
        row = rows[i]
        e = np.exp(row - row.max())
        out[i] = e / e.sum()
    return np.moveaxis(out.reshape(moved.shape), -1, axis)
