# sftkl: problem=token-logprobs track=torch
"""Computes in float64 (logits.double()) and returns float64."""
import torch


def token_logprobs(logits, labels, ignore_index=-100):
    x = logits.double()[:, :-1]
    y = labels[:, 1:]
    keep = y != ignore_index
    lse = torch.logsumexp(x, dim=-1)
    picked = torch.gather(x, -1, torch.where(keep, y, torch.zeros_like(y))[..., None])[..., 0]
    return torch.where(keep, picked - lse, torch.zeros_like(lse))


def sequence_logprob(logits, labels, ignore_index=-100, average=False):
    lp = token_logprobs(logits, labels, ignore_index)
    keep = (labels[:, 1:] != ignore_index).double()
    if average:
        return lp.sum(-1) / keep.sum(-1).clamp_min(1.0)
    return lp.sum(-1)
