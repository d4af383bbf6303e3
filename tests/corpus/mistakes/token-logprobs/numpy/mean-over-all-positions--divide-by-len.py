# sftkl: problem=token-logprobs track=numpy
"""average=True divides the sum by len(labels) - 1."""
import numpy as np


def token_logprobs(logits, labels, ignore_index=-100):
    x, y = logits[:-1], labels[1:]
    keep = y != ignore_index
    m = x.max(-1, keepdims=True)
    lse = m[:, 0] + np.log(np.exp(x - m).sum(-1))
    return np.where(keep, x[np.arange(len(y)), np.where(keep, y, 0)] - lse, 0.0)


def sequence_logprob(logits, labels, ignore_index=-100, average=False):
    total = token_logprobs(logits, labels, ignore_index).sum()
    if average:
        return total / max(len(labels) - 1, 1)
    return total
