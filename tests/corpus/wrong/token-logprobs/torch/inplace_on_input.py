# sftkl: problem=token-logprobs track=torch
"""Writes the safe index into labels in place: the input is mutated."""
import torch
import torch.nn.functional as F


def token_logprobs(logits, labels, ignore_index=-100):
    x = logits[:, :-1].float()
    y = labels[:, 1:]
    keep = y != ignore_index
    y[~keep] = 0
    lp = x.gather(-1, y.unsqueeze(-1)).squeeze(-1) - x.logsumexp(-1)
    return lp.masked_fill(~keep, 0.0)


def sequence_logprob(logits, labels, ignore_index=-100, average=False):
    lp = token_logprobs(logits, labels, ignore_index)
    if average:
        return lp.sum(-1) / (labels[:, 1:] != ignore_index).sum(-1).clamp(min=1)
    return lp.sum(-1)
