# sftkl: problem=sft-loss track=numpy
"""Gathers target log-probs with np.take_along_axis."""
import numpy as np


def sft_loss(logits, labels, ignore_index=-100):
    logits = np.asarray(logits)
    labels = np.asarray(labels)
    x = logits[:-1]
    y = labels[1:]
    mask = y != ignore_index
    n = int(mask.sum())
    if n == 0:
        return np.float64(0.0)
    m = np.max(x, axis=-1, keepdims=True)
    logp = (x - m) - np.log(np.sum(np.exp(x - m), axis=-1, keepdims=True))
    idx = np.where(mask, y, 0)[:, None]
    tgt = np.take_along_axis(logp, idx, axis=-1)[:, 0]
    return -np.sum(tgt * mask) / n
