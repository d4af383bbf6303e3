# sftkl: problem=sft-loss track=numpy
"""Vectorized log-softmax but scores logits[1:] against labels[:-1]."""
import numpy as np


def sft_loss(logits, labels, ignore_index=-100):
    logits = np.asarray(logits)
    labels = np.asarray(labels)
    x = logits[1:]
    y = labels[:-1]
    keep = y != ignore_index
    if not keep.any():
        return 0.0
    z = x - x.max(axis=-1, keepdims=True)
    logp = z - np.log(np.exp(z).sum(axis=-1, keepdims=True))
    rows = np.arange(x.shape[0])[keep]
    return float(-logp[rows, y[keep]].mean())
