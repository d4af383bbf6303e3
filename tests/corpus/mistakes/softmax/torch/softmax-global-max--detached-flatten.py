# sftkl: problem=softmax track=torch
"""Shift by xf.flatten().max().detach() (one global value), then a correct per-dim normalization in float32 or better."""
import torch


def softmax(x, dim=-1):
    xf = x.to(torch.promote_types(x.dtype, torch.float32))
    m = xf.flatten().max().detach()
    e = (xf - m).exp()
    return (e / e.sum(dim, keepdim=True)).to(x.dtype)
