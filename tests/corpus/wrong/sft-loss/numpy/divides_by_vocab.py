# sftkl: problem=sft-loss track=numpy
"""Sums the kept token losses and divides by the vocabulary size V instead of the kept count."""
import numpy as np


def sft_loss(logits, labels, ignore_index=-100):
    logits = np.asarray(logits)
    x = logits[:-1]
    y = np.asarray(labels)[1:]
    keep = y != ignore_index
    xk, yk = x[keep], y[keep]
    if yk.size == 0:
        return 0.0
    m = xk.max(axis=1, keepdims=True)
    lse = m[:, 0] + np.log(np.exp(xk - m).sum(axis=1))
    return float(np.sum(lse - xk[np.arange(yk.size), yk]) / logits.shape[-1])
