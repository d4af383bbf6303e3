# sftkl: problem=token-logprobs track=numpy
"""Loop: row t + 1 scores labels[t]."""
import numpy as np


def token_logprobs(logits, labels, ignore_index=-100):
    out = np.zeros(len(labels) - 1)
    for t in range(len(labels) - 1):
        if labels[t] != ignore_index:
            row = logits[t + 1].astype(np.float64)
            m = row.max()
            out[t] = row[labels[t]] - m - np.log(np.exp(row - m).sum())
    return out


def sequence_logprob(logits, labels, ignore_index=-100, average=False):
    lp = token_logprobs(logits, labels, ignore_index)
    n = int((labels[:-1] != ignore_index).sum())
    if average:
        return lp.sum() / n if n > 0 else 0.0
    return lp.sum()
