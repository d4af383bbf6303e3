# sftkl: problem=softmax track=torch
"""Subtracts the mean instead of the max and then forgets to normalize: returns exp(x - mean)."""
import torch


def softmax(x, dim=-1):
    xf = x.to(torch.promote_types(x.dtype, torch.float32))
    return torch.exp(xf - xf.mean(dim=dim, keepdim=True))
