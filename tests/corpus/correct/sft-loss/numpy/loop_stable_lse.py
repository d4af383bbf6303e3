# sftkl: problem=sft-loss track=numpy
"""Python loop over positions with a per-row stable log-sum-exp."""
import numpy as np


def sft_loss(logits, labels, ignore_index=-100):
    logits = np.asarray(logits)
    labels = np.asarray(labels)
    total = 0.0
    count = 0
    for t in range(logits.shape[0] - 1):
        y = int(labels[t + 1])
        if y == ignore_index:
            continue
        row = logits[t].astype(np.float64)
        m = row.max()
        lse = m + np.log(np.sum(np.exp(row - m)))
        total += float(lse - row[y])
        count += 1
    if count == 0:
        return 0.0
    return total / count
