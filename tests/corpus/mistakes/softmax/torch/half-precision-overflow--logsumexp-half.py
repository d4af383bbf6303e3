# sftkl: problem=softmax track=torch
"""exp(x - logsumexp(x)) with x cast to float16 first (x.half()); the result cast back to x.dtype."""
import torch


def softmax(x, dim=-1):
    h = x.half()
    return torch.exp(h - torch.logsumexp(h, dim=dim, keepdim=True)).to(x.dtype)
