# sftkl: problem=gae track=numpy
"""Constant: zeros for both outputs."""
import numpy as np


def gae(rewards, values, mask, gamma=1.0, lam=0.95):
    return np.zeros_like(rewards), np.zeros_like(rewards)
