# sftkl: problem=sft-loss track=numpy
"""Shifts labels left and pads with ignore_index, then scores all T rows."""
import numpy as np


def sft_loss(logits, labels, ignore_index=-100):
    logits = np.asarray(logits)
    labels = np.asarray(labels)
    targets = np.concatenate([labels[1:], np.array([ignore_index], dtype=labels.dtype)])
    valid = targets != ignore_index
    count = np.count_nonzero(valid)
    if count == 0:
        return 0.0
    z = logits - logits.max(axis=1, keepdims=True)
    logz = np.log(np.exp(z).sum(axis=1))
    nll = logz[valid] - z[valid, targets[valid]]
    return nll.sum() / count
