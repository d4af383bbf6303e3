# sftkl: problem=softmax track=torch
"""Adds 1e-3 to every probability after normalizing (a misplaced epsilon)."""
import torch


def softmax(x, dim=-1):
    xf = x.to(torch.promote_types(x.dtype, torch.float32))
    e = torch.exp(xf - xf.amax(dim=dim, keepdim=True))
    return (e / e.sum(dim=dim, keepdim=True) + 1e-3).to(x.dtype)
