# sftkl: problem=sft-loss track=numpy
"""Right mean loss, wrapped in a one-element Python list."""
import numpy as np


def sft_loss(logits, labels, ignore_index=-100):
    x = np.asarray(logits)[:-1]
    y = np.asarray(labels)[1:]
    keep = y != ignore_index
    n = int(keep.sum())
    if n == 0:
        return [0.0]
    xk, yk = x[keep], y[keep]
    m = xk.max(axis=1, keepdims=True)
    lse = m[:, 0] + np.log(np.exp(xk - m).sum(axis=1))
    return [float(np.mean(lse - xk[np.arange(n), yk]))]
