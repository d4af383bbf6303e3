# sftkl: problem=token-logprobs track=numpy
import numpy as np


def token_logprobs(logits, labels, ignore_index=-100):
    x = logits[:-1]                              # position t scores labels[t + 1]
    targets = labels[1:]
    keep = targets != ignore_index
    safe = np.where(keep, targets, 0)            # never index with ignore_index
    m = x.max(axis=-1, keepdims=True)
    lse = (m + np.log(np.exp(x - m).sum(axis=-1, keepdims=True)))[:, 0]
    picked = np.take_along_axis(x, safe[:, None], axis=-1)[:, 0]
    return np.where(keep, picked - lse, 0.0)     # gather minus logsumexp; exactly 0 where ignored


def sequence_logprob(logits, labels, ignore_index=-100, average=False):
    lp = token_logprobs(logits, labels, ignore_index)
    total = lp.sum()
    if not average:
        return total
    n = int((labels[1:] != ignore_index).sum())
    return total / n if n else 0.0               # mean over kept tokens; 0 when none
