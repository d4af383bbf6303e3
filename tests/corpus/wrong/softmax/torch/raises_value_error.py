# sftkl: problem=softmax track=torch
"""A bogus argument check that raises ValueError for every tensor input."""
import torch


def softmax(x, dim=-1):
    if isinstance(x, torch.Tensor):
        raise ValueError("softmax expects a numpy array")
    return x
