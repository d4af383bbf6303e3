# sftkl: problem=token-logprobs track=numpy
"""One-hot targets (a zero row where ignored) dotted with the log-softmax."""
import numpy as np


def token_logprobs(logits, labels, ignore_index=-100):
    x, y = logits[:-1], labels[1:]
    v = x.shape[-1]
    keep = y != ignore_index
    onehot = np.zeros((len(y), v), dtype=x.dtype)
    onehot[np.flatnonzero(keep), y[keep]] = 1.0
    m = np.max(x, axis=-1, keepdims=True)
    log_sm = x - m - np.log(np.exp(x - m).sum(-1, keepdims=True))
    return (onehot * log_sm).sum(-1)


def sequence_logprob(logits, labels, ignore_index=-100, average=False):
    lp = token_logprobs(logits, labels, ignore_index)
    n = (labels[1:] != ignore_index).sum()
    if not average:
        return lp.sum()
    return lp.sum() / n if n else np.float32(0.0)
