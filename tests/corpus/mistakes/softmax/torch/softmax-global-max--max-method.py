# sftkl: problem=softmax track=torch
"""Upcast to float32 or better, then subtracts x.max() (all elements), exp, normalized along dim; cast back."""
import torch


def softmax(x, dim=-1):
    xf = x.to(torch.promote_types(x.dtype, torch.float32))
    e = torch.exp(xf - xf.max())
    return (e / e.sum(dim=dim, keepdim=True)).to(x.dtype)
