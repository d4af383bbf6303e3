# sftkl: problem=sft-loss track=numpy
"""Python loop over t < T - 1 with a stable per-row lse, but scores labels[t] instead of labels[t + 1]."""
import numpy as np


def sft_loss(logits, labels, ignore_index=-100):
    logits = np.asarray(logits)
    labels = np.asarray(labels)
    total, count = 0.0, 0
    for t in range(logits.shape[0] - 1):
        y = int(labels[t])
        if y == ignore_index:
            continue
        row = logits[t].astype(np.float64)
        m = row.max()
        total += m + np.log(np.exp(row - m).sum()) - row[y]
        count += 1
    return total / count if count else 0.0
