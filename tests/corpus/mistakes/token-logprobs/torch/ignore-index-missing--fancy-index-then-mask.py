# sftkl: problem=token-logprobs track=torch
"""Advanced indexing with the raw labels (wraps -1, -100 from the end), then masks."""
import torch


def token_logprobs(logits, labels, ignore_index=-100):
    B, T, V = logits.shape
    lsm = torch.log_softmax(logits[:, :-1].float(), dim=-1)
    y = labels[:, 1:]
    picked = lsm[torch.arange(B)[:, None], torch.arange(T - 1)[None, :], y]
    return picked * (y != ignore_index)


def sequence_logprob(logits, labels, ignore_index=-100, average=False):
    lp = token_logprobs(logits, labels, ignore_index)
    n = (labels[:, 1:] != ignore_index).sum(-1).clamp(min=1)
    return lp.sum(-1) / n if average else lp.sum(-1)
