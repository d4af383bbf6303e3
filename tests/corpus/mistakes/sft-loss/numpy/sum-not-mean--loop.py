# sftkl: problem=sft-loss track=numpy
"""Python loop that accumulates token losses but never divides by the count."""
import numpy as np


def sft_loss(logits, labels, ignore_index=-100):
    logits = np.asarray(logits)
    labels = np.asarray(labels)
    total = 0.0
    for t in range(logits.shape[0] - 1):
        y = int(labels[t + 1])
        if y == ignore_index:
            continue
        row = logits[t].astype(np.float64)
        m = row.max()
        total += float(m + np.log(np.sum(np.exp(row - m))) - row[y])
    return total
