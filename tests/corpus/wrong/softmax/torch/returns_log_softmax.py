# sftkl: problem=softmax track=torch
"""Returns the log-probabilities x - logsumexp(x) instead of their exponential."""
import torch


def softmax(x, dim=-1):
    xf = x.to(torch.promote_types(x.dtype, torch.float32))
    return xf - torch.logsumexp(xf, dim=dim, keepdim=True)
