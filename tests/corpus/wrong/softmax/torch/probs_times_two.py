# sftkl: problem=softmax track=torch
"""Typo: the normalized exponentials are multiplied by 2, so each slice sums to 2."""
import torch


def softmax(x, dim=-1):
    xf = x.to(torch.promote_types(x.dtype, torch.float32))
    e = torch.exp(xf - xf.amax(dim=dim, keepdim=True))
    return e / e.sum(dim=dim, keepdim=True) * 2
