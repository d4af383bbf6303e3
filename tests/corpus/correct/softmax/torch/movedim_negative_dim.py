# sftkl: problem=softmax track=torch
"""Normalizes negative dims and moves the dim last with movedim."""
import torch


def softmax(x, dim=-1):
    d = dim if dim >= 0 else dim + x.dim()
    y = x.movedim(d, -1)
    m, _ = torch.max(y, dim=-1, keepdim=True)
    e = torch.exp(y - m)
    out = e / torch.sum(e, dim=-1, keepdim=True)
    return out.movedim(-1, d)
