# sftkl: problem=softmax track=torch
"""Computes in float64 via .double() and casts the probabilities back to x.dtype."""
import torch


def softmax(x, dim=-1):
    xd = x.double()
    e = (xd - xd.max(dim=dim, keepdim=True).values).exp()
    return (e / e.sum(dim=dim, keepdim=True)).to(x.dtype)
