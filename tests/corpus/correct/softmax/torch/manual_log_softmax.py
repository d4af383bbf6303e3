# sftkl: problem=softmax track=torch
"""Manual log-softmax (x - m - log sum exp) then exp."""
import torch


def softmax(x, dim=-1):
    m = torch.amax(x, dim=dim, keepdim=True)
    shifted = x - m
    log_z = torch.log(torch.exp(shifted).sum(dim=dim, keepdim=True))
    return torch.exp(shifted - log_z)
