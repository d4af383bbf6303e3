# sftkl: problem=token-logprobs track=numpy
"""Subtracts the row max instead of the log-sum-exp."""
import numpy as np


def token_logprobs(logits, labels, ignore_index=-100):
    x, y = logits[:-1], labels[1:]
    keep = y != ignore_index
    return np.where(keep, x[np.arange(len(y)), np.where(keep, y, 0)] - x.max(-1), 0.0)


def sequence_logprob(logits, labels, ignore_index=-100, average=False):
    lp = token_logprobs(logits, labels, ignore_index)
    n = int((labels[1:] != ignore_index).sum())
    if average:
        return lp.sum() / n if n else 0.0
    return lp.sum()
