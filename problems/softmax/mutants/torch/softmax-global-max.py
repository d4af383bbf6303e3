# sftkl: problem=softmax track=torch
"""One max over the whole tensor, then a sum along dim."""
import torch


def softmax(x, dim=-1):
    e = torch.exp(x - x.max())
    return e / e.sum(dim=dim, keepdim=True)
