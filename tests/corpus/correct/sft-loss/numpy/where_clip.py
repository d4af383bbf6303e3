# sftkl: problem=sft-loss track=numpy
"""np.where masks with labels clipped into range before indexing."""
import numpy as np


def sft_loss(logits, labels, ignore_index=-100):
    logits = np.asarray(logits)
    labels = np.asarray(labels)
    T, V = logits.shape
    x = logits[:-1]
    y = labels[1:]
    mask = y != ignore_index
    safe = np.clip(np.where(mask, y, 0), 0, V - 1)
    m = x.max(axis=1, keepdims=True)
    lse = (m + np.log(np.exp(x - m).sum(axis=1, keepdims=True)))[:, 0]
    picked = x[np.arange(T - 1), safe]
    per_token = np.where(mask, lse - picked, 0.0)
    return per_token.sum() / max(int(mask.sum()), 1)
