# sftkl: problem=softmax track=torch
"""Sub-float32 inputs upcast (element_size() < 4); detached amax shift; multiplies by the sum's reciprocal."""
import torch


def softmax(x, dim=-1):
    work = x.float() if x.element_size() < 4 else x
    e = (work - work.amax(dim, keepdim=True).detach()).exp()
    return (e * e.sum(dim, keepdim=True).reciprocal()).to(x.dtype)
