# sftkl: problem=sft-loss track=numpy
"""Float64 upcast with np.logaddexp.reduce as the log-normalizer."""
import numpy as np


def sft_loss(logits, labels, ignore_index=-100):
    x = np.asarray(logits, dtype=np.float64)[:-1]
    y = np.asarray(labels)[1:]
    keep = y != ignore_index
    if keep.sum() == 0:
        return 0.0
    x = x[keep]
    y = y[keep]
    lse = np.logaddexp.reduce(x, axis=1)
    return float(np.mean(lse - x[np.arange(len(y)), y]))
