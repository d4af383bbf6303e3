# sftkl: problem=token-logprobs track=torch
"""Loops: logits[b, t + 1] scores labels[b, t]."""
import torch


def token_logprobs(logits, labels, ignore_index=-100):
    B, T, V = logits.shape
    x = logits.float()
    out = torch.zeros(B, T - 1, dtype=x.dtype)
    for b in range(B):
        for t in range(T - 1):
            y = int(labels[b, t])
            if y != ignore_index:
                out[b, t] = x[b, t + 1, y] - torch.logsumexp(x[b, t + 1], 0)
    return out


def sequence_logprob(logits, labels, ignore_index=-100, average=False):
    lp = token_logprobs(logits, labels, ignore_index)
    n = (labels[:, :-1] != ignore_index).sum(-1).clamp(min=1)
    return lp.sum(-1) / n if average else lp.sum(-1)
