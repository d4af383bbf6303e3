# sftkl: problem=softmax track=numpy
"""Raises RuntimeError("boom") before computing anything."""
import numpy as np


def softmax(x, axis=-1):
    raise RuntimeError("boom")
