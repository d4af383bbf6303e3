# sftkl: problem=sft-loss track=numpy
"""One-hot target matrix for the kept rows; loss = -sum(onehot * log_softmax) / count."""
import numpy as np


def sft_loss(logits, labels, ignore_index=-100):
    x = np.asarray(logits)[:-1]
    y = np.asarray(labels)[1:]
    kept = y != ignore_index
    n = int(kept.sum())
    if n == 0:
        return 0.0
    xk = x[kept]
    onehot = np.zeros(xk.shape, dtype=xk.dtype)
    onehot[np.arange(n), y[kept]] = 1
    z = xk - xk.max(axis=1, keepdims=True)
    logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    return float(-(onehot * logp).sum() / n)
