# sftkl: problem=softmax track=torch
"""Right values, but the result is .detach()ed: no gradient reaches x."""
import torch


def softmax(x, dim=-1):
    xf = x.to(torch.promote_types(x.dtype, torch.float32))
    e = torch.exp(xf - xf.amax(dim=dim, keepdim=True))
    return (e / e.sum(dim=dim, keepdim=True)).detach()
