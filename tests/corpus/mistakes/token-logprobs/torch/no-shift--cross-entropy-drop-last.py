# sftkl: problem=token-logprobs track=torch
"""-F.cross_entropy(reduction='none') on logits[:, :-1] against labels[:, :-1]."""
import torch
import torch.nn.functional as F


def token_logprobs(logits, labels, ignore_index=-100):
    x = logits[:, :-1].float()
    y = labels[:, :-1]
    nll = F.cross_entropy(x.transpose(1, 2), y, ignore_index=ignore_index, reduction="none")
    return -nll


def sequence_logprob(logits, labels, ignore_index=-100, average=False):
    lp = token_logprobs(logits, labels, ignore_index)
    n = (labels[:, :-1] != ignore_index).sum(1)
    return lp.sum(1) / n.clamp(min=1) if average else lp.sum(1)
