# sftkl: problem=token-logprobs track=numpy
"""np.logaddexp.reduce for the log-sum-exp, fancy indexing on the kept rows only."""
import numpy as np


def token_logprobs(logits, labels, ignore_index=-100):
    targets = labels[1:]
    keep = np.flatnonzero(targets != ignore_index)
    out = np.zeros(targets.shape, dtype=logits.dtype)
    rows = logits[:-1][keep]
    out[keep] = rows[np.arange(len(keep)), targets[keep]] - np.logaddexp.reduce(rows, axis=-1)
    return out


def sequence_logprob(logits, labels, ignore_index=-100, average=False):
    total = token_logprobs(logits, labels, ignore_index).sum()
    n = np.sum(labels[1:] != ignore_index)
    return total / n if average and n > 0 else (0.0 if average else total)
