# sftkl: problem=sft-loss track=numpy
"""Python loop with an unshifted log(sum(exp(row)))."""
import numpy as np


def sft_loss(logits, labels, ignore_index=-100):
    logits = np.asarray(logits)
    labels = np.asarray(labels)
    total, count = 0.0, 0
    for t in range(logits.shape[0] - 1):
        y = int(labels[t + 1])
        if y == ignore_index:
            continue
        row = logits[t]
        total += float(np.log(np.sum(np.exp(row))) - row[y])
        count += 1
    return total / count if count else 0.0
