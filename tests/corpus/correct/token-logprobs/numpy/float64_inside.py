# sftkl: problem=token-logprobs track=numpy
"""Upcasts to float64 inside, full log-softmax, multiplies by the mask; returns float64."""
import numpy as np


def token_logprobs(logits, labels, ignore_index=-100):
    x = np.asarray(logits, dtype=np.float64)[:-1]
    y = np.asarray(labels)[1:]
    mask = (y != ignore_index).astype(np.float64)
    shifted = x - x.max(axis=1, keepdims=True)
    log_sm = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    safe = np.where(mask > 0, y, 0)
    return log_sm[np.arange(y.shape[0]), safe] * mask


def sequence_logprob(logits, labels, ignore_index=-100, average=False):
    lp = token_logprobs(logits, labels, ignore_index)
    count = float((np.asarray(labels)[1:] != ignore_index).sum())
    return float(lp.sum() / max(count, 1.0)) if average else float(lp.sum())
