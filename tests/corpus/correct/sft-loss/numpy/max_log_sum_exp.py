# sftkl: problem=sft-loss track=numpy
"""lse via np.max + np.log(np.sum(np.exp(...))), loss = lse - target logit."""
import numpy as np


def sft_loss(logits, labels, ignore_index=-100):
    logits = np.asarray(logits)
    labels = np.asarray(labels)
    shift_logits = logits[:-1, :]
    shift_labels = labels[1:]
    kept = np.nonzero(shift_labels != ignore_index)[0]
    if kept.size == 0:
        return 0.0
    x = shift_logits[kept]
    m = np.max(x, axis=1)
    lse = m + np.log(np.sum(np.exp(x - m[:, None]), axis=1))
    target = x[np.arange(kept.size), shift_labels[kept]]
    return np.mean(lse - target)
