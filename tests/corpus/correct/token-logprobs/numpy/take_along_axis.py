# sftkl: problem=token-logprobs track=numpy
"""Vectorized: safe index, take_along_axis minus a max-shifted log-sum-exp, then np.where."""
import numpy as np


def token_logprobs(logits, labels, ignore_index=-100):
    x, y = logits[:-1], labels[1:]
    keep = y != ignore_index
    m = x.max(axis=-1, keepdims=True)
    lse = m + np.log(np.sum(np.exp(x - m), axis=-1, keepdims=True))
    picked = np.take_along_axis(x, np.where(keep, y, 0)[:, None], axis=-1)
    return np.where(keep, (picked - lse)[:, 0], 0.0)


def sequence_logprob(logits, labels, ignore_index=-100, average=False):
    lp = token_logprobs(logits, labels, ignore_index)
    if average:
        return lp.sum() / max(int(np.count_nonzero(labels[1:] != ignore_index)), 1)
    return lp.sum()
