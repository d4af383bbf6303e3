# sftkl: problem=token-logprobs track=torch
"""exp(x - max) / sum, gathered, then .log(): -inf where the probability underflows."""
import torch


def token_logprobs(logits, labels, ignore_index=-100):
    x = logits[:, :-1].float()
    e = (x - x.max(-1, keepdim=True).values).exp()
    p = e / e.sum(-1, keepdim=True)
    tgt = labels[:, 1:]
    keep = tgt != ignore_index
    picked = torch.gather(p, 2, torch.where(keep, tgt, 0).unsqueeze(2)).squeeze(2)
    return torch.where(keep, picked.log(), torch.zeros_like(picked))


def sequence_logprob(logits, labels, ignore_index=-100, average=False):
    lp = token_logprobs(logits, labels, ignore_index)
    n = (labels[:, 1:] != ignore_index).sum(-1).clamp(min=1)
    return lp.sum(-1) / n if average else lp.sum(-1)
