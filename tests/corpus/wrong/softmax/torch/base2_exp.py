# sftkl: problem=softmax track=torch
"""Uses torch.exp2 (base 2) instead of torch.exp: a base-2 softmax."""
import torch


def softmax(x, dim=-1):
    xf = x.to(torch.promote_types(x.dtype, torch.float32))
    e = torch.exp2(xf - xf.amax(dim=dim, keepdim=True))
    return e / e.sum(dim=dim, keepdim=True)
