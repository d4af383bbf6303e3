# sftkl: problem=sft-loss track=numpy
"""np.roll(labels, -1) with the wrapped-around last slot overwritten by ignore_index."""
import numpy as np


def sft_loss(logits, labels, ignore_index=-100):
    logits = np.asarray(logits)
    labels = np.asarray(labels)
    targets = np.roll(labels, -1)
    targets[-1] = ignore_index
    mask = targets != ignore_index
    if not np.any(mask):
        return 0.0
    rows = logits[mask]
    m = rows.max(axis=1, keepdims=True)
    log_probs = rows - m - np.log(np.exp(rows - m).sum(axis=1, keepdims=True))
    picked = np.take_along_axis(log_probs, targets[mask][:, None], axis=1)
    return -picked.mean()
