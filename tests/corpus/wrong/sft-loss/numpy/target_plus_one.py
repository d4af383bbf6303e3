# sftkl: problem=sft-loss track=numpy
"""Off-by-one vocabulary index: scores token (y + 1) % V instead of y."""
import numpy as np


def sft_loss(logits, labels, ignore_index=-100):
    x = np.asarray(logits)[:-1]
    y = np.asarray(labels)[1:]
    keep = y != ignore_index
    n = int(keep.sum())
    if n == 0:
        return 0.0
    xk, yk = x[keep], (y[keep] + 1) % x.shape[-1]
    m = xk.max(axis=1, keepdims=True)
    lse = m[:, 0] + np.log(np.exp(xk - m).sum(axis=1))
    return float(np.mean(lse - xk[np.arange(n), yk]))
