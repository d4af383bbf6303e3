# sftkl: problem=sft-loss track=numpy
"""Averages the log-probabilities over the whole vocabulary row instead of picking the target."""
import numpy as np


def sft_loss(logits, labels, ignore_index=-100):
    x = np.asarray(logits)[:-1]
    y = np.asarray(labels)[1:]
    keep = y != ignore_index
    n = int(keep.sum())
    if n == 0:
        return 0.0
    xk = x[keep]
    m = xk.max(axis=1, keepdims=True)
    logp = xk - m - np.log(np.exp(xk - m).sum(axis=1, keepdims=True))
    return float(-logp.mean())
