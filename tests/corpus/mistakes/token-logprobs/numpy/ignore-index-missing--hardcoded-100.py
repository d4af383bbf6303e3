# sftkl: problem=token-logprobs track=numpy
"""Masks with labels != -100 instead of the ignore_index argument."""
import numpy as np


def token_logprobs(logits, labels, ignore_index=-100):
    x, y = logits[:-1], labels[1:]
    keep = y != -100
    m = x.max(-1, keepdims=True)
    lsm = x - m - np.log(np.exp(x - m).sum(-1, keepdims=True))
    return np.where(keep, lsm[np.arange(len(y)), np.where(keep, y, 0)], 0.0)


def sequence_logprob(logits, labels, ignore_index=-100, average=False):
    lp = token_logprobs(logits, labels, ignore_index)
    n = int((labels[1:] != -100).sum())
    return (lp.sum() / n if n else 0.0) if average else lp.sum()
