# sftkl: problem=token-logprobs track=numpy
"""The course's log(softmax + 1e-12): -27.63 where the true log-prob is -1000."""
import numpy as np


def token_logprobs(logits, labels, ignore_index=-100):
    x, y = logits[:-1], labels[1:]
    keep = y != ignore_index
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    probs = e / e.sum(axis=-1, keepdims=True)
    logp = np.log(probs + 1e-12)
    return np.where(keep, logp[np.arange(len(y)), np.where(keep, y, 0)], 0.0)


def sequence_logprob(logits, labels, ignore_index=-100, average=False):
    lp = token_logprobs(logits, labels, ignore_index)
    n = int((labels[1:] != ignore_index).sum())
    if average:
        return lp.sum() / n if n else 0.0
    return lp.sum()
