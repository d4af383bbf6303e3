# sftkl: problem=token-logprobs track=numpy
"""No shift: logits[t] scored against labels[t] over all T positions."""
import numpy as np


def token_logprobs(logits, labels, ignore_index=-100):
    keep = labels != ignore_index
    safe = np.where(keep, labels, 0)
    m = logits.max(axis=-1, keepdims=True)
    lsm = logits - m - np.log(np.exp(logits - m).sum(axis=-1, keepdims=True))
    picked = lsm[np.arange(len(labels)), safe]
    return np.where(keep, picked, 0.0)


def sequence_logprob(logits, labels, ignore_index=-100, average=False):
    lp = token_logprobs(logits, labels, ignore_index)
    n = int((labels != ignore_index).sum())
    if average:
        return lp.sum() / n if n else 0.0
    return lp.sum()
