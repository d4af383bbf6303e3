# sftkl: problem=softmax track=torch
"""Reads the max back with .gather but passes the argmax index without its kept dimension: gather raises."""
import torch


def softmax(x, dim=-1):
    xf = x.to(torch.promote_types(x.dtype, torch.float32))
    idx = xf.argmax(dim=dim)  # missing keepdim=True: one dimension short for gather
    m = xf.gather(dim, idx)
    e = torch.exp(xf - m)
    return e / e.sum(dim=dim, keepdim=True)
