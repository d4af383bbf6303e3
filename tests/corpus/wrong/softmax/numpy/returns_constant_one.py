# sftkl: problem=softmax track=numpy
"""Returns the constant 1.0 (a float, not an array of probabilities)."""
import numpy as np


def softmax(x, axis=-1):
    return 1.0
