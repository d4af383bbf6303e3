# sftkl: problem=softmax track=torch
"""Transposes dim last, flattens to 2-D rows, normalizes, reshapes back."""
import torch


def softmax(x, dim=-1):
    y = x.transpose(dim, -1)
    shape = y.shape
    rows = y.reshape(-1, shape[-1])
    rows = rows - rows.max(dim=1, keepdim=True)[0]
    e = rows.exp()
    p = e / e.sum(dim=1, keepdim=True)
    return p.reshape(shape).transpose(dim, -1)
