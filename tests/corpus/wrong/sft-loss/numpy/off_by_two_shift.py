# sftkl: problem=sft-loss track=numpy
"""Off-by-two shift: scores logits[:-2] against labels[2:] (position t against token t + 2)."""
import numpy as np


def sft_loss(logits, labels, ignore_index=-100):
    x = np.asarray(logits)[:-2]
    y = np.asarray(labels)[2:]
    keep = y != ignore_index
    n = int(keep.sum())
    if n == 0:
        return 0.0
    xk, yk = x[keep], y[keep]
    m = xk.max(axis=1, keepdims=True)
    lse = m[:, 0] + np.log(np.exp(xk - m).sum(axis=1))
    return float(np.mean(lse - xk[np.arange(n), yk]))
