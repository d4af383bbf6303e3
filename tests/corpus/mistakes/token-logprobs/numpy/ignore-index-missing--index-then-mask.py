# sftkl: problem=token-logprobs track=numpy
"""Indexes with the raw labels (ignore_index included), then zeroes the ignored positions."""
import numpy as np


def token_logprobs(logits, labels, ignore_index=-100):
    x, y = logits[:-1], labels[1:]
    m = x.max(-1, keepdims=True)
    lsm = x - m - np.log(np.exp(x - m).sum(-1, keepdims=True))
    picked = np.take_along_axis(lsm, y[:, None], axis=-1)[:, 0]
    return np.where(y != ignore_index, picked, 0.0)


def sequence_logprob(logits, labels, ignore_index=-100, average=False):
    lp = token_logprobs(logits, labels, ignore_index)
    n = int((labels[1:] != ignore_index).sum())
    return (lp.sum() / n if n else 0.0) if average else lp.sum()
