# sftkl: problem=sft-loss track=numpy
"""Stable softmax, then log(softmax + 1e-12) gathered at the targets."""
import numpy as np


def sft_loss(logits, labels, ignore_index=-100):
    logits = np.asarray(logits)
    labels = np.asarray(labels)
    x = logits[:-1]
    y = labels[1:]
    keep = y != ignore_index
    if not keep.any():
        return 0.0
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    p = e / e.sum(axis=-1, keepdims=True)
    logp = np.log(p + 1e-12)
    rows = np.arange(x.shape[0])[keep]
    return float(-logp[rows, y[keep]].mean())
