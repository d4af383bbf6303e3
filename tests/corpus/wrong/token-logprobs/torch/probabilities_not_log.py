# sftkl: problem=token-logprobs track=torch
"""Returns the probability of the target, not its log."""
import torch
import torch.nn.functional as F


def token_logprobs(logits, labels, ignore_index=-100):
    x = logits[:, :-1].float()
    y = labels[:, 1:]
    keep = y != ignore_index
    safe = y.masked_fill(~keep, 0)
    p = torch.softmax(x, -1).gather(-1, safe.unsqueeze(-1)).squeeze(-1)
    return p * keep


def sequence_logprob(logits, labels, ignore_index=-100, average=False):
    lp = token_logprobs(logits, labels, ignore_index)
    if average:
        return lp.sum(-1) / (labels[:, 1:] != ignore_index).sum(-1).clamp(min=1)
    return lp.sum(-1)
