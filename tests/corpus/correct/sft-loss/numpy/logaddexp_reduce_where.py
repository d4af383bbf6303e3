# sftkl: problem=sft-loss track=numpy
"""np.logaddexp.reduce over every shifted row, ignored rows zeroed with np.where, sum / max(count, 1)."""
import numpy as np


def sft_loss(logits, labels, ignore_index=-100):
    x = np.asarray(logits)[:-1]
    y = np.asarray(labels)[1:]
    keep = y != ignore_index
    safe = np.where(keep, y, 0)
    lse = np.logaddexp.reduce(x, axis=-1)
    nll = np.where(keep, lse - x[np.arange(x.shape[0]), safe], 0.0)
    return nll.sum() / max(int(keep.sum()), 1)
