# sftkl: problem=sft-loss track=numpy
"""scipy-free logsumexp with np.max; kept rows via np.flatnonzero; targets read from logits.ravel() by flat index."""
import numpy as np


def sft_loss(logits, labels, ignore_index=-100):
    logits = np.asarray(logits)
    labels = np.asarray(labels)
    T, V = logits.shape
    rows = np.flatnonzero(labels[1:] != ignore_index)  # row t predicts labels[t + 1]
    if rows.size == 0:
        return 0.0
    tgt = labels[rows + 1].astype(np.int64)
    x = logits[rows]
    mx = np.max(x, axis=1, keepdims=True)
    lse = np.squeeze(mx, 1) + np.log(np.sum(np.exp(x - mx), axis=1))
    picked = logits.ravel()[rows * V + tgt]
    return float(np.sum(lse - picked) / rows.size)
