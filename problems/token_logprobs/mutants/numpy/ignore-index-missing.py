# sftkl: problem=token-logprobs track=numpy
"""Gathers at the raw labels, ignore_index included, and never masks."""
import numpy as np


def token_logprobs(logits, labels, ignore_index=-100):
    x, y = logits[:-1], labels[1:]
    m = x.max(axis=-1, keepdims=True)
    lsm = x - m - np.log(np.exp(x - m).sum(axis=-1, keepdims=True))
    return lsm[np.arange(len(y)), y]


def sequence_logprob(logits, labels, ignore_index=-100, average=False):
    lp = token_logprobs(logits, labels, ignore_index)
    n = int((labels[1:] != ignore_index).sum())
    if average:
        return lp.sum() / n if n else 0.0
    return lp.sum()
