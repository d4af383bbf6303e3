# sftkl: problem=sft-loss track=numpy
"""Returns the logits array unchanged instead of a scalar loss."""
import numpy as np


def sft_loss(logits, labels, ignore_index=-100):
    return logits
