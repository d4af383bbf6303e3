# sftkl: problem=softmax track=torch
"""Stable softmax computed in float16, cast back to the input's dtype."""
import torch


def softmax(x, dim=-1):
    h = x.half()
    e = torch.exp(h - h.amax(dim=dim, keepdim=True))
    return (e / e.sum(dim=dim, keepdim=True)).to(x.dtype)
