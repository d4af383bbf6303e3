# sftkl: problem=sft-loss track=numpy
# expect: memory
"""Asks numpy for an impossible array."""
import numpy as np

def sft_loss(logits, labels, ignore_index=-100):
    return np.ones((1 << 20, 1 << 20)).sum()
