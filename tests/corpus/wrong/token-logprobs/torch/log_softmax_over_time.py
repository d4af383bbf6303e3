# sftkl: problem=token-logprobs track=torch
"""log_softmax over the time axis (dim=1) instead of the vocabulary."""
import torch
import torch.nn.functional as F


def token_logprobs(logits, labels, ignore_index=-100):
    x = logits[:, :-1].float()
    y = labels[:, 1:]
    keep = y != ignore_index
    safe = y.masked_fill(~keep, 0)
    lp = torch.log_softmax(x, dim=1).gather(-1, safe.unsqueeze(-1)).squeeze(-1)
    return lp.masked_fill(~keep, 0.0)


def sequence_logprob(logits, labels, ignore_index=-100, average=False):
    lp = token_logprobs(logits, labels, ignore_index)
    if average:
        return lp.sum(-1) / (labels[:, 1:] != ignore_index).sum(-1).clamp(min=1)
    return lp.sum(-1)
