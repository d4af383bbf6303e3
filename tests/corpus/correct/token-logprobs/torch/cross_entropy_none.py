# sftkl: problem=token-logprobs track=torch
"""Minus F.cross_entropy(reduction='none') with ignore_index: 0 at ignored positions for free."""
import torch
import torch.nn.functional as F


def token_logprobs(logits, labels, ignore_index=-100):
    b, t, v = logits.shape
    x = logits[:, :-1].float().reshape(-1, v)
    y = labels[:, 1:].reshape(-1)
    nll = F.cross_entropy(x, y, ignore_index=ignore_index, reduction="none")
    return -nll.reshape(b, t - 1)


def sequence_logprob(logits, labels, ignore_index=-100, average=False):
    lp = token_logprobs(logits, labels, ignore_index)
    total = lp.sum(dim=1)
    if not average:
        return total
    count = (labels[:, 1:] != ignore_index).sum(dim=1).to(total.dtype)
    return total / torch.clamp(count, min=1.0)
