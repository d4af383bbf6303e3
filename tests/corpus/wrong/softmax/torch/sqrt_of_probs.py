# sftkl: problem=softmax track=torch
"""Typo: returns the square root of the probabilities."""
import torch


def softmax(x, dim=-1):
    xf = x.to(torch.promote_types(x.dtype, torch.float32))
    e = torch.exp(xf - xf.amax(dim=dim, keepdim=True))
    return torch.sqrt(e / e.sum(dim=dim, keepdim=True))
