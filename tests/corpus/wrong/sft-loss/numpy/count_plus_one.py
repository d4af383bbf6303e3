# sftkl: problem=sft-loss track=numpy
"""Divides the summed NLL by (count + 1) instead of count (an off-by-one denominator)."""
import numpy as np


def sft_loss(logits, labels, ignore_index=-100):
    x = np.asarray(logits)[:-1]
    y = np.asarray(labels)[1:]
    keep = y != ignore_index
    xk, yk = x[keep], y[keep]
    m = xk.max(axis=1, keepdims=True) if yk.size else np.zeros((0, 1))
    lse = m[:, 0] + np.log(np.exp(xk - m).sum(axis=1))
    return float(np.sum(lse - xk[np.arange(yk.size), yk]) / (yk.size + 1))
