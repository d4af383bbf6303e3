# sftkl: problem=softmax track=torch
"""Upcasts with .float() (float64 kept as is), amax-shifted exp, casts back with .to(x.dtype)."""
import torch


def softmax(x, dim=-1):
    xf = x if x.dtype == torch.float64 else x.float()
    z = xf - xf.amax(dim=dim, keepdim=True)
    e = z.exp()
    return (e / e.sum(dim=dim, keepdim=True)).to(x.dtype)
