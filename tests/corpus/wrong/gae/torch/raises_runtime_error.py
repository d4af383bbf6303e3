# sftkl: problem=gae track=torch
"""Raises RuntimeError on every call."""
import torch


def gae(rewards, values, mask, gamma=1.0, lam=0.95):
    raise RuntimeError("GAE needs a critic")
