# sftkl: problem=token-logprobs track=torch
"""sequence_logprob averages over the kept tokens even when average=False."""
import torch
import torch.nn.functional as F


def token_logprobs(logits, labels, ignore_index=-100):
    x = logits[:, :-1].float()
    y = labels[:, 1:]
    keep = y != ignore_index
    safe = y.masked_fill(~keep, 0)
    lp = x.gather(-1, safe.unsqueeze(-1)).squeeze(-1) - x.logsumexp(-1)
    return lp.masked_fill(~keep, 0.0)


def sequence_logprob(logits, labels, ignore_index=-100, average=False):
    lp = token_logprobs(logits, labels, ignore_index)
    return lp.sum(-1) / (labels[:, 1:] != ignore_index).sum(-1).clamp(min=1)
