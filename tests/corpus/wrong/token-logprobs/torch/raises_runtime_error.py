# sftkl: problem=token-logprobs track=torch
"""Raises RuntimeError on purpose."""
import torch
import torch.nn.functional as F


def token_logprobs(logits, labels, ignore_index=-100):
    raise RuntimeError("cuda out of memory (pretend)")


def sequence_logprob(logits, labels, ignore_index=-100, average=False):
    lp = token_logprobs(logits, labels, ignore_index)
    if average:
        return lp.sum(-1) / (labels[:, 1:] != ignore_index).sum(-1).clamp(min=1)
    return lp.sum(-1)
