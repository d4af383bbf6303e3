# sftkl: problem=token-logprobs track=numpy
"""Returns zeros of the right shape: a constant."""
import numpy as np


def token_logprobs(logits, labels, ignore_index=-100):
    return np.zeros(len(labels) - 1)


def sequence_logprob(logits, labels, ignore_index=-100, average=False):
    lp = token_logprobs(logits, labels, ignore_index)
    n = int((labels[1:] != ignore_index).sum())
    if average:
        return lp.sum() / n if n else 0.0
    return lp.sum()
