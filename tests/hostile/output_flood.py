# sftkl: problem=sft-loss track=numpy
# expect: pass
"""Prints hundreds of MiB, but its answers are right."""
import os
import sys
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
    chunk = 'x' * (1 << 20) + '\n'
    for _ in range(20):
        sys.stdout.write(chunk)
        os.write(2, chunk.encode())
    return _good(logits, labels, ignore_index)
