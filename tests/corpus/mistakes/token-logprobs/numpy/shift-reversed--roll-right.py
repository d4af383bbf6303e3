# sftkl: problem=token-logprobs track=numpy
"""np.roll the labels to the right: position t scores labels[t - 1]."""
import numpy as np


def token_logprobs(logits, labels, ignore_index=-100):
    prev = np.roll(labels, 1)[1:]
    x = logits[1:]
    keep = prev != ignore_index
    m = x.max(-1, keepdims=True)
    lsm = x - m - np.log(np.exp(x - m).sum(-1, keepdims=True))
    lp = lsm[np.arange(len(prev)), np.where(keep, prev, 0)]
    lp[~keep] = 0.0
    return lp


def sequence_logprob(logits, labels, ignore_index=-100, average=False):
    lp = token_logprobs(logits, labels, ignore_index)
    n = np.count_nonzero(labels[:-1] != ignore_index)
    return (lp.sum() / n if n else 0.0) if average else lp.sum()
