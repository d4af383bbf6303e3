# sftkl: problem=sft-loss track=numpy
"""Computes in float32 via astype(np.float32) and returns an np.float32 scalar (any float input)."""
import numpy as np


def sft_loss(logits, labels, ignore_index=-100):
    x = np.asarray(logits).astype(np.float32)[:-1]
    y = np.asarray(labels)[1:]
    keep = y != ignore_index
    n = int(np.count_nonzero(keep))
    if n == 0:
        return np.float32(0.0)
    x = x[keep]
    t = y[keep]
    m = x.max(axis=1, keepdims=True)
    lse = m[:, 0] + np.log(np.exp(x - m).sum(axis=1))
    nll = lse - x[np.arange(n), t]
    return np.float32(nll.sum() / np.float32(n))
