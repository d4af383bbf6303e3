# sftkl: problem=softmax track=torch
"""x - x.logsumexp(dim, keepdim=True) (a hand-made log-softmax) exponentiated, in float32 or better, cast back."""
import torch


def softmax(x, dim=-1):
    xf = x.to(torch.promote_types(x.dtype, torch.float32))
    log_p = xf - xf.logsumexp(dim, keepdim=True)
    return log_p.exp().to(x.dtype)
