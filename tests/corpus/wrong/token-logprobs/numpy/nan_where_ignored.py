# sftkl: problem=token-logprobs track=numpy
"""Writes NaN at the ignored positions instead of 0."""
import numpy as np


def token_logprobs(logits, labels, ignore_index=-100):
    x, y = logits[:-1], labels[1:]
    keep = y != ignore_index
    m = x.max(-1)
    lse = m + np.log(np.exp(x - m[:, None]).sum(-1))
    return np.where(keep, x[np.arange(len(y)), np.where(keep, y, 0)] - lse, np.nan)


def sequence_logprob(logits, labels, ignore_index=-100, average=False):
    lp = token_logprobs(logits, labels, ignore_index)
    n = int((labels[1:] != ignore_index).sum())
    if average:
        return np.nansum(lp) / n if n else 0.0
    return np.nansum(lp)
