# sftkl: problem=sft-loss track=numpy
# expect: mutated
"""Right answers, but writes into the caller's arrays."""
import numpy as np

def _good(logits, labels, ignore_index=-100):
    x, y = logits[:-1], labels[1:]
    keep = y != ignore_index
    if not keep.any():
        return 0.0
    x = x[keep]
    m = x.max(-1, keepdims=True)
    lp = x - m - np.log(np.exp(x - m).sum(-1, keepdims=True))
    return -lp[np.arange(len(x)), y[keep]].mean()


def sft_loss(logits, labels, ignore_index=-100):
    out = _good(logits, labels, ignore_index)
    logits *= 2.0
    return out
