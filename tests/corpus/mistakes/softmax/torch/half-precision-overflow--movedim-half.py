# sftkl: problem=softmax track=torch
"""movedim(dim, -1), float16 rows (.half()), max-shifted exp-normalize, moved back and cast to x.dtype."""
import torch


def softmax(x, dim=-1):
    y = x.movedim(dim, -1).half()
    e = (y - y.max(dim=-1, keepdim=True).values).exp()
    p = e / e.sum(dim=-1, keepdim=True)
    return p.movedim(-1, dim).to(x.dtype)
