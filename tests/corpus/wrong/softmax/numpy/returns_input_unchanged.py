# sftkl: problem=softmax track=numpy
"""Returns the logits unchanged."""
import numpy as np


def softmax(x, axis=-1):
    return np.asarray(x)
