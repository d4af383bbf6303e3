# sftkl: problem=token-logprobs track=numpy
"""token_logprobs returns a Python list."""
import numpy as np


def token_logprobs(logits, labels, ignore_index=-100):
    x, y = logits[:-1], labels[1:]
    out = []
    for t in range(len(y)):
        if y[t] == ignore_index:
            out.append(0.0)
        else:
            row = x[t]
            m = row.max()
            out.append(float(row[y[t]] - m - np.log(np.exp(row - m).sum())))
    return out


def sequence_logprob(logits, labels, ignore_index=-100, average=False):
    lp = np.array(token_logprobs(logits, labels, ignore_index))
    n = int((labels[1:] != ignore_index).sum())
    if average:
        return lp.sum() / n if n else 0.0
    return lp.sum()
