# sftkl: problem=sft-loss track=numpy
"""Raises RuntimeError("boom") before computing anything."""
import numpy as np


def sft_loss(logits, labels, ignore_index=-100):
    raise RuntimeError("boom")
