# sftkl: problem=token-logprobs track=numpy
"""average=True takes .mean() over all T-1 positions, prompt included."""
import numpy as np


def token_logprobs(logits, labels, ignore_index=-100):
    x, y = logits[:-1], labels[1:]
    keep = y != ignore_index
    m = x.max(axis=-1, keepdims=True)
    lsm = x - m - np.log(np.exp(x - m).sum(axis=-1, keepdims=True))
    return np.where(keep, np.take_along_axis(lsm, np.where(keep, y, 0)[:, None], -1)[:, 0], 0.0)


def sequence_logprob(logits, labels, ignore_index=-100, average=False):
    lp = token_logprobs(logits, labels, ignore_index)
    return lp.mean() if average else lp.sum()
