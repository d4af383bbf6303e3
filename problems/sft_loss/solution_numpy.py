# sftkl: problem=sft-loss track=numpy
import numpy as np


def sft_loss(logits, labels, ignore_index=-100):
    logits = logits[:-1]                      # position t predicts labels[t + 1]
    targets = labels[1:]
    keep = targets != ignore_index
    n = int(keep.sum())
    if n == 0:                                # nothing to learn from: 0, not 0/0
        return 0.0
    x = logits[keep]
    m = x.max(axis=-1, keepdims=True)         # log-sum-exp trick: no overflow
    log_probs = x - m - np.log(np.exp(x - m).sum(axis=-1, keepdims=True))
    nll = -log_probs[np.arange(n), targets[keep]]
    return nll.sum() / n
