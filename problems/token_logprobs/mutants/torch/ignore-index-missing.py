# sftkl: problem=token-logprobs track=torch
"""Gathers at the raw labels (ignore_index included) and masks afterwards: gather raises."""
import torch


def token_logprobs(logits, labels, ignore_index=-100):
    x = logits[:, :-1].float()
    tgt = labels[:, 1:]
    logp = x.gather(-1, tgt.unsqueeze(-1)).squeeze(-1) - torch.logsumexp(x, dim=-1)
    return logp * (tgt != ignore_index)


def sequence_logprob(logits, labels, ignore_index=-100, average=False):
    lp = token_logprobs(logits, labels, ignore_index)
    if average:
        return lp.sum(-1) / (labels[:, 1:] != ignore_index).sum(-1).clamp(min=1)
    return lp.sum(-1)
