# sftkl: problem=token-logprobs track=torch
"""The course's torch.log(softmax + 1e-12)."""
import torch


def token_logprobs(logits, labels, ignore_index=-100):
    probs = torch.softmax(logits[:, :-1].float(), dim=-1)
    tgt = labels[:, 1:]
    keep = tgt != ignore_index
    logp = torch.log(probs + 1e-12)
    return logp.gather(-1, tgt.clamp(min=0).unsqueeze(-1)).squeeze(-1) * keep


def sequence_logprob(logits, labels, ignore_index=-100, average=False):
    lp = token_logprobs(logits, labels, ignore_index)
    n = (labels[:, 1:] != ignore_index).sum(-1).clamp(min=1)
    return lp.sum(-1) / n if average else lp.sum(-1)
