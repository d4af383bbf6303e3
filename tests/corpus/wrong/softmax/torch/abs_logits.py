# sftkl: problem=softmax track=torch
"""Stable softmax of x.abs() instead of x (a stray abs)."""
import torch


def softmax(x, dim=-1):
    a = x.to(torch.promote_types(x.dtype, torch.float32)).abs()
    e = torch.exp(a - a.amax(dim=dim, keepdim=True))
    return e / e.sum(dim=dim, keepdim=True)
