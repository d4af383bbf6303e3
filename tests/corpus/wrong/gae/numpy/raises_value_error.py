# sftkl: problem=gae track=numpy
"""Refuses a float mask with a ValueError."""
import numpy as np


def gae(rewards, values, mask, gamma=1.0, lam=0.95):
    if mask.dtype != bool:
        raise ValueError("mask must be boolean")
    raise ValueError("not supported yet")
