# sftkl: problem=token-logprobs track=numpy
"""Loop over all T positions, each row scoring its own label: T values."""
import math

import numpy as np


def token_logprobs(logits, labels, ignore_index=-100):
    out = []
    for t in range(len(labels)):
        y = int(labels[t])
        if y == ignore_index:
            out.append(0.0)
            continue
        row = logits[t]
        m = float(row.max())
        out.append(float(row[y]) - m - math.log(float(np.exp(row - m).sum())))
    return np.array(out)


def sequence_logprob(logits, labels, ignore_index=-100, average=False):
    lp = token_logprobs(logits, labels, ignore_index)
    n = int(np.sum(labels != ignore_index))
    return (lp.sum() / n if n else 0.0) if average else lp.sum()
