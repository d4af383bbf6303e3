# sftkl: problem=token-logprobs track=torch
"""Masks with labels != -100 instead of the ignore_index argument."""
import torch


def token_logprobs(logits, labels, ignore_index=-100):
    x = logits[:, :-1].float()
    y = labels[:, 1:]
    keep = y != -100
    safe = torch.where(keep, y, torch.zeros_like(y))
    lp = x.gather(-1, safe.unsqueeze(-1)).squeeze(-1) - torch.logsumexp(x, -1)
    return torch.where(keep, lp, torch.zeros_like(lp))


def sequence_logprob(logits, labels, ignore_index=-100, average=False):
    lp = token_logprobs(logits, labels, ignore_index)
    n = (labels[:, 1:] != -100).sum(-1).clamp(min=1)
    return lp.sum(-1) / n if average else lp.sum(-1)
