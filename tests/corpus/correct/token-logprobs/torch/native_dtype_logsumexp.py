# sftkl: problem=token-logprobs track=torch
"""No upcast: gather minus torch.logsumexp in the logits' own dtype (bfloat16 stays bfloat16)."""
import torch


def token_logprobs(logits, labels, ignore_index=-100):
    x = logits[:, :-1]
    y = labels[:, 1:]
    keep = y != ignore_index
    picked = x.gather(-1, y.clamp(min=0).unsqueeze(-1)).squeeze(-1)
    return (picked - x.logsumexp(-1)) * keep


def sequence_logprob(logits, labels, ignore_index=-100, average=False):
    lp = token_logprobs(logits, labels, ignore_index)
    n = (labels[:, 1:] != ignore_index).sum(-1).clamp(min=1)
    return lp.sum(-1) / n if average else lp.sum(-1)
