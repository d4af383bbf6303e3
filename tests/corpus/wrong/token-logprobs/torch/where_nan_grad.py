# sftkl: problem=token-logprobs track=torch
"""Right values, but torch.where(count > 0, total / count, 0) with a multiplied mask: the empty row's gradient is NaN."""
import torch
import torch.nn.functional as F


def token_logprobs(logits, labels, ignore_index=-100):
    x = logits[:, :-1].float()
    y = labels[:, 1:]
    keep = y != ignore_index
    safe = y.masked_fill(~keep, 0)
    lp = x.gather(-1, safe.unsqueeze(-1)).squeeze(-1) - x.logsumexp(-1)
    return lp * keep


def sequence_logprob(logits, labels, ignore_index=-100, average=False):
    lp = token_logprobs(logits, labels, ignore_index)
    total = lp.sum(-1)
    if not average:
        return total
    count = (labels[:, 1:] != ignore_index).sum(-1)
    return torch.where(count > 0, total / count, torch.zeros_like(total))
