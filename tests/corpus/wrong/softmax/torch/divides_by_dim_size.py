# sftkl: problem=softmax track=torch
"""Divides exp(x - max) by x.shape[dim] instead of by the sum of the exponentials."""
import torch


def softmax(x, dim=-1):
    xf = x.to(torch.promote_types(x.dtype, torch.float32))
    e = torch.exp(xf - xf.amax(dim=dim, keepdim=True))
    return e / x.shape[dim]
