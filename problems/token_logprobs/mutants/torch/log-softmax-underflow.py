# sftkl: problem=token-logprobs track=torch
"""log(softmax): -inf where the target's probability underflows to 0."""
import torch


def token_logprobs(logits, labels, ignore_index=-100):
    probs = torch.softmax(logits[:, :-1].float(), dim=-1)
    tgt = labels[:, 1:]
    keep = tgt != ignore_index
    picked = probs.gather(-1, torch.where(keep, tgt, 0).unsqueeze(-1)).squeeze(-1)
    return torch.where(keep, torch.log(picked), torch.zeros_like(picked))


def sequence_logprob(logits, labels, ignore_index=-100, average=False):
    lp = token_logprobs(logits, labels, ignore_index)
    if average:
        return lp.sum(-1) / (labels[:, 1:] != ignore_index).sum(-1).clamp(min=1)
    return lp.sum(-1)
