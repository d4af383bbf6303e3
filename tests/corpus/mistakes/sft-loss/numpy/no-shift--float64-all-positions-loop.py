# sftkl: problem=sft-loss track=numpy
"""Float64 Python loop over all T positions, each logits[t] scored against labels[t] (no shift at all)."""
import numpy as np


def sft_loss(logits, labels, ignore_index=-100):
    x = np.asarray(logits, dtype=np.float64)
    total, count = 0.0, 0
    for row, y in zip(x, np.asarray(labels)):
        if y == ignore_index:
            continue
        m = row.max()
        total += float(m + np.log(np.sum(np.exp(row - m))) - row[int(y)])
        count += 1
    return total / count if count else 0.0
