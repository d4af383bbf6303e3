# sftkl: problem=softmax track=torch
import torch


def softmax(x, dim=-1):
    # Shift by the max along `dim` (softmax is shift-invariant): exponents <= 0,
    # no overflow, denominator >= 1. The max can be detached: its gradient is
    # zero in exact arithmetic because the result does not depend on the shift.
    m = x.amax(dim=dim, keepdim=True).detach()    # keepdim: broadcasts along `dim`
    e = torch.exp(x - m)
    return e / e.sum(dim=dim, keepdim=True)
