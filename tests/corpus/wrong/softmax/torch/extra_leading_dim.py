# sftkl: problem=softmax track=torch
"""Correct float32 probabilities with an extra leading dimension (unsqueeze(0))."""
import torch


def softmax(x, dim=-1):
    xf = x.to(torch.promote_types(x.dtype, torch.float32))
    e = torch.exp(xf - xf.amax(dim=dim, keepdim=True))
    return (e / e.sum(dim=dim, keepdim=True)).unsqueeze(0)
