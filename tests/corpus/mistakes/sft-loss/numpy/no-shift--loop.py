# sftkl: problem=sft-loss track=numpy
"""Python loop over all T positions with logits[t] vs labels[t]."""
import numpy as np


def sft_loss(logits, labels, ignore_index=-100):
    logits = np.asarray(logits)
    labels = np.asarray(labels)
    losses = []
    for t in range(logits.shape[0]):
        y = int(labels[t])
        if y == ignore_index:
            continue
        row = logits[t].astype(np.float64)
        m = row.max()
        losses.append(m + np.log(np.exp(row - m).sum()) - row[y])
    if not losses:
        return 0.0
    return float(np.mean(losses))
