# sftkl: problem=gae track=numpy
"""Constant: zeros for both outputs."""
import numpy as np


def gae(rewards, values, mask, gamma=1.0, lam=0.95):
    return np.zeros_like(rewards), np.zeros_like(rewards)


def gae_advantages(rewards, values, mask, gamma=1.0, lam=0.95):
    return gae(rewards, values, mask, gamma, lam)[0]


def gae_returns(rewards, values, mask, gamma=1.0, lam=0.95):
    return gae(rewards, values, mask, gamma, lam)[1]
