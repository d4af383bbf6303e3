# sftkl: problem=sft-loss track=numpy
"""All T positions, unshifted: log-softmax of every row, np.take_along_axis at labels[t], where-masked, / max(n, 1)."""
import numpy as np


def sft_loss(logits, labels, ignore_index=-100):
    x = np.asarray(logits)
    y = np.asarray(labels)
    keep = y != ignore_index
    safe = np.where(keep, y, 0)
    z = x - x.max(axis=1, keepdims=True)
    logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    tok = np.take_along_axis(logp, safe[:, None], axis=1)[:, 0]
    return float(-np.where(keep, tok, 0.0).sum() / max(int(keep.sum()), 1))
