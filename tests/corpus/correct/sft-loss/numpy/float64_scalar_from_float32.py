# sftkl: problem=sft-loss track=numpy
"""Upcasts to float64 and returns an np.float64 scalar, float32 logits included."""
import numpy as np


def sft_loss(logits, labels, ignore_index=-100):
    x = np.asarray(logits, dtype=np.float64)[:-1]
    y = np.asarray(labels)[1:]
    keep = y != ignore_index
    if not keep.any():
        return np.float64(0.0)
    xs, ys = x[keep], y[keep]
    m = xs.max(axis=-1)
    lse = m + np.log(np.exp(xs - m[:, None]).sum(axis=-1))
    return np.float64(np.mean(lse - xs[np.arange(len(ys)), ys]))
