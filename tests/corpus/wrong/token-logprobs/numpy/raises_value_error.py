# sftkl: problem=token-logprobs track=numpy
"""Raises ValueError for a shape it thinks is wrong."""
import numpy as np


def token_logprobs(logits, labels, ignore_index=-100):
    if logits.ndim == 2:
        raise ValueError("expected a batch of sequences")
    return np.zeros(len(labels) - 1)


def sequence_logprob(logits, labels, ignore_index=-100, average=False):
    lp = token_logprobs(logits, labels, ignore_index)
    n = int((labels[1:] != ignore_index).sum())
    if average:
        return lp.sum() / n if n else 0.0
    return lp.sum()
