# sftkl: problem=token-logprobs track=torch
"""average=True divides by T - 1 (every position, prompt included)."""
import torch
import torch.nn.functional as F


def token_logprobs(logits, labels, ignore_index=-100):
    tgt = labels[:, 1:]
    keep = tgt != ignore_index
    logp = F.log_softmax(logits[:, :-1].float(), dim=-1)
    out = logp.gather(-1, tgt.clamp(min=0).unsqueeze(-1)).squeeze(-1)
    return out.masked_fill(~keep, 0.0)


def sequence_logprob(logits, labels, ignore_index=-100, average=False):
    lp = token_logprobs(logits, labels, ignore_index)
    return lp.mean(-1) if average else lp.sum(-1)
