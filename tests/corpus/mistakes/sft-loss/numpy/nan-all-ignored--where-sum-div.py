# sftkl: problem=sft-loss track=numpy
"""np.where-masked sum divided by mask.sum() with no zero-count guard."""
import numpy as np


def sft_loss(logits, labels, ignore_index=-100):
    logits = np.asarray(logits)
    labels = np.asarray(labels)
    x = logits[:-1]
    y = labels[1:]
    mask = y != ignore_index
    safe = np.where(mask, y, 0)
    m = x.max(axis=1, keepdims=True)
    lse = (m + np.log(np.exp(x - m).sum(axis=1, keepdims=True)))[:, 0]
    per_token = np.where(mask, lse - x[np.arange(len(y)), safe], 0.0)
    return per_token.sum() / mask.sum()
