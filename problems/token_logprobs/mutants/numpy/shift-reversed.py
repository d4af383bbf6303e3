# sftkl: problem=token-logprobs track=numpy
"""Reversed shift: logits[1:] scored against labels[:-1]."""
import numpy as np


def token_logprobs(logits, labels, ignore_index=-100):
    x, y = logits[1:], labels[:-1]
    keep = y != ignore_index
    safe = np.where(keep, y, 0)
    m = x.max(axis=-1, keepdims=True)
    lse = m[:, 0] + np.log(np.exp(x - m).sum(axis=-1))
    return np.where(keep, x[np.arange(len(y)), safe] - lse, 0.0)


def sequence_logprob(logits, labels, ignore_index=-100, average=False):
    lp = token_logprobs(logits, labels, ignore_index)
    n = int((labels[:-1] != ignore_index).sum())
    if average:
        return lp.sum() / max(n, 1)
    return lp.sum()
