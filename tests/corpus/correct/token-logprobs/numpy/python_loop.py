# sftkl: problem=token-logprobs track=numpy
"""Plain Python loops over positions, a stable log-sum-exp per row with math."""
import math

import numpy as np


def token_logprobs(logits, labels, ignore_index=-100):
    out = np.zeros(max(len(labels) - 1, 0))
    for t in range(len(labels) - 1):
        y = int(labels[t + 1])
        if y == ignore_index:
            continue
        row = logits[t]
        m = float(row.max())
        lse = m + math.log(sum(math.exp(float(v) - m) for v in row))
        out[t] = float(row[y]) - lse
    return out


def sequence_logprob(logits, labels, ignore_index=-100, average=False):
    total, n = 0.0, 0
    for t in range(len(labels) - 1):
        if int(labels[t + 1]) != ignore_index:
            n += 1
    total = float(token_logprobs(logits, labels, ignore_index).sum())
    if average:
        return total / n if n else 0.0
    return total
