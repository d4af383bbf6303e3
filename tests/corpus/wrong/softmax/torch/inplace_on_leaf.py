# sftkl: problem=softmax track=torch
"""Makes a fresh leaf that requires grad and calls .sub_() on it: autograd raises on the in-place op."""
import torch


def softmax(x, dim=-1):
    z = x.detach().clone().float().requires_grad_(True)
    z.sub_(z.amax(dim=dim, keepdim=True))
    e = z.exp()
    return (e / e.sum(dim=dim, keepdim=True)).to(x.dtype)
