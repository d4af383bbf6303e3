# sftkl: problem=softmax track=torch
"""Stable softmax that always normalises over dim 0."""
import torch


def softmax(x, dim=-1):
    m = x.max(0, keepdim=True).values
    e = torch.exp(x - m)
    return e / e.sum(0, keepdim=True)
