# sftkl: problem=sft-loss track=numpy
"""Uses the row max as the log-normalizer (drops the log-sum-exp term): loss = max - target logit."""
import numpy as np


def sft_loss(logits, labels, ignore_index=-100):
    x = np.asarray(logits)[:-1]
    y = np.asarray(labels)[1:]
    keep = y != ignore_index
    n = int(keep.sum())
    if n == 0:
        return 0.0
    xk, yk = x[keep], y[keep]
    return float(np.mean(xk.max(axis=1) - xk[np.arange(n), yk]))
