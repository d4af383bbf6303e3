# sftkl: problem=token-logprobs track=numpy
"""average=True uses np.mean over the T - 1 token log-probs, zeros included."""
import numpy as np


def token_logprobs(logits, labels, ignore_index=-100):
    out = np.zeros(len(labels) - 1)
    for t in range(len(labels) - 1):
        y = labels[t + 1]
        if y != ignore_index:
            row = logits[t]
            out[t] = row[y] - np.logaddexp.reduce(row)
    return out


def sequence_logprob(logits, labels, ignore_index=-100, average=False):
    lp = token_logprobs(logits, labels, ignore_index)
    return np.mean(lp) if average else np.sum(lp)
