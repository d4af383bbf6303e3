# sftkl: problem=token-logprobs track=numpy
"""sequence_logprob averages over kept tokens even when average=False."""
import numpy as np


def token_logprobs(logits, labels, ignore_index=-100):
    x, y = logits[:-1], labels[1:]
    keep = y != ignore_index
    m = x.max(-1)
    lse = m + np.log(np.exp(x - m[:, None]).sum(-1))
    return np.where(keep, x[np.arange(len(y)), np.where(keep, y, 0)] - lse, 0.0)


def sequence_logprob(logits, labels, ignore_index=-100, average=False):
    lp = token_logprobs(logits, labels, ignore_index)
    n = int((labels[1:] != ignore_index).sum())
    return lp.sum() / n if n else 0.0
