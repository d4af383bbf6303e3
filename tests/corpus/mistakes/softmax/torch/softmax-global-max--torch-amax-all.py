# sftkl: problem=softmax track=torch
"""torch.amax(x) with no dim (a global max) as the shift; exp and torch.sum(dim, keepdim=True) are right; float32 upcast."""
import torch


def softmax(x, dim=-1):
    xf = x.float() if x.dtype in (torch.bfloat16, torch.float16) else x
    e = torch.exp(xf - torch.amax(xf))
    return e / torch.sum(e, dim=dim, keepdim=True)
