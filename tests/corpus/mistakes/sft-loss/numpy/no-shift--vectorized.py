# sftkl: problem=sft-loss track=numpy
"""Vectorized loss that scores logits[t] against labels[t] (no shift)."""
import numpy as np


def sft_loss(logits, labels, ignore_index=-100):
    logits = np.asarray(logits)
    labels = np.asarray(labels)
    mask = labels != ignore_index
    if not mask.any():
        return 0.0
    m = logits.max(axis=1, keepdims=True)
    logp = logits - m - np.log(np.exp(logits - m).sum(axis=1, keepdims=True))
    safe = np.where(mask, labels, 0)
    tgt = np.take_along_axis(logp, safe[:, None], axis=1)[:, 0]
    return -(tgt * mask).sum() / mask.sum()
