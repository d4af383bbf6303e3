# sftkl: problem=token-logprobs track=numpy
"""np.log of a stable softmax, no eps: -inf when the target's probability underflows."""
import numpy as np


def softmax(x):
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def token_logprobs(logits, labels, ignore_index=-100):
    y = labels[1:]
    keep = y != ignore_index
    p = softmax(logits[:-1])[np.arange(len(y)), np.where(keep, y, 0)]
    with np.errstate(divide="ignore"):
        return np.where(keep, np.log(p), 0.0)


def sequence_logprob(logits, labels, ignore_index=-100, average=False):
    lp = token_logprobs(logits, labels, ignore_index)
    n = int((labels[1:] != ignore_index).sum())
    return (lp.sum() / n if n else 0.0) if average else lp.sum()
