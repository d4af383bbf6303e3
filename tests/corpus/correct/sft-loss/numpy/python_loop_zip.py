# sftkl: problem=sft-loss track=numpy
"""Python loop over zip(logits[:-1], labels[1:]) with math.log of a max-shifted row sum."""
import math

import numpy as np


def sft_loss(logits, labels, ignore_index=-100):
    total, count = 0.0, 0
    for row, y in zip(np.asarray(logits)[:-1], np.asarray(labels)[1:]):
        y = int(y)
        if y == ignore_index:
            continue
        m = float(row.max())
        lse = m + math.log(float(np.exp(row - m).sum()))
        total += lse - float(row[y])
        count += 1
    return total / count if count else 0.0
