# sftkl: problem=softmax track=torch
"""x.max(dim, keepdim=True).values, detached (softmax is shift-invariant)."""
import torch


def softmax(x, dim=-1):
    m = x.max(dim, keepdim=True).values.detach()
    e = (x - m).exp()
    return e / e.sum(dim, keepdim=True)
