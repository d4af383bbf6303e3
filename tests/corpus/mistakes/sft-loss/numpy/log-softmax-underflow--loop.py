# sftkl: problem=sft-loss track=numpy
"""Python loop taking log of a stable softmax probability plus 1e-12."""
import numpy as np


def sft_loss(logits, labels, ignore_index=-100):
    logits = np.asarray(logits)
    labels = np.asarray(labels)
    total, count = 0.0, 0
    for t in range(logits.shape[0] - 1):
        y = int(labels[t + 1])
        if y == ignore_index:
            continue
        row = logits[t].astype(np.float64)
        e = np.exp(row - row.max())
        p = e[y] / e.sum()
        total -= np.log(p + 1e-12)
        count += 1
    return total / count if count else 0.0
