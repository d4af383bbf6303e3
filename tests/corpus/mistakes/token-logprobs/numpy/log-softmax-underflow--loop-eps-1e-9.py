# sftkl: problem=token-logprobs track=numpy
"""Loop with probabilities and log(p + 1e-9)."""
import numpy as np


def token_logprobs(logits, labels, ignore_index=-100):
    out = np.zeros(len(labels) - 1, dtype=logits.dtype)
    for t in range(len(labels) - 1):
        y = labels[t + 1]
        if y == ignore_index:
            continue
        e = np.exp(logits[t] - logits[t].max())
        out[t] = np.log(e[y] / e.sum() + 1e-9)
    return out


def sequence_logprob(logits, labels, ignore_index=-100, average=False):
    lp = token_logprobs(logits, labels, ignore_index)
    n = int((labels[1:] != ignore_index).sum())
    return (lp.sum() / n if n else 0.0) if average else lp.sum()
