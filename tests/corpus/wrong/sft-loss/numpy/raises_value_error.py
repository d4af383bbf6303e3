# sftkl: problem=sft-loss track=numpy
"""A bogus shape check that raises ValueError unless T equals V."""
import numpy as np


def sft_loss(logits, labels, ignore_index=-100):
    logits = np.asarray(logits)
    if logits.shape[0] != logits.shape[1]:
        raise ValueError(f"expected square logits, got {logits.shape}")
    return 0.0
