# sftkl: problem=token-logprobs track=torch
"""torch.roll(labels, 1): position t + 1 scores labels[t]."""
import torch


def token_logprobs(logits, labels, ignore_index=-100):
    prev = torch.roll(labels, shifts=1, dims=1)[:, 1:]
    x = logits[:, 1:].float()
    keep = prev != ignore_index
    lp = x.gather(-1, prev.clamp(min=0)[..., None])[..., 0] - x.logsumexp(-1)
    return lp.masked_fill(~keep, 0.0)


def sequence_logprob(logits, labels, ignore_index=-100, average=False):
    lp = token_logprobs(logits, labels, ignore_index)
    n = (labels[:, :-1] != ignore_index).sum(-1)
    return lp.sum(-1) / n.clamp(min=1) if average else lp.sum(-1)
