# sftkl: problem=token-logprobs track=torch
"""Reversed shift: logits[:, 1:] scored against labels[:, :-1]."""
import torch


def token_logprobs(logits, labels, ignore_index=-100):
    x = logits[:, 1:].float()
    tgt = labels[:, :-1]
    keep = tgt != ignore_index
    picked = torch.gather(x, 2, torch.where(keep, tgt, 0).unsqueeze(2)).squeeze(2)
    return torch.where(keep, picked - x.logsumexp(-1), 0.0)


def sequence_logprob(logits, labels, ignore_index=-100, average=False):
    lp = token_logprobs(logits, labels, ignore_index)
    if average:
        return lp.sum(-1) / (labels[:, :-1] != ignore_index).sum(-1).clamp(min=1)
    return lp.sum(-1)
