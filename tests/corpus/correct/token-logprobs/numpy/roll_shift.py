# sftkl: problem=token-logprobs track=numpy
"""np.roll the labels left, score all T rows, drop the last; sequence sums its own copy."""
import numpy as np


def _row_logprobs(x, y):
    m = x.max(-1)
    return x[np.arange(len(y)), y] - m - np.log(np.exp(x - m[:, None]).sum(-1))


def token_logprobs(logits, labels, ignore_index=-100):
    nxt = np.roll(labels, -1)[:-1]
    keep = nxt != ignore_index
    lp = _row_logprobs(logits[:-1], np.where(keep, nxt, 0))
    lp[~keep] = 0.0
    return lp


def sequence_logprob(logits, labels, ignore_index=-100, average=False):
    nxt = labels[1:]
    keep = nxt != ignore_index
    if not keep.any():
        return 0.0
    lp = _row_logprobs(logits[:-1][keep], nxt[keep])
    return lp.mean() if average else lp.sum()
