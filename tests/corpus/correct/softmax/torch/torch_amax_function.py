# sftkl: problem=softmax track=torch
"""Functional form: torch.amax(keepdim=True), torch.sub, torch.exp, torch.sum, torch.div in promote_types(dtype, float32)."""
import torch


def softmax(x, dim=-1):
    work = x.to(torch.promote_types(x.dtype, torch.float32))
    m = torch.amax(work, dim=dim, keepdim=True)
    e = torch.exp(torch.sub(work, m))
    return torch.div(e, torch.sum(e, dim=dim, keepdim=True))
