# sftkl: problem=token-logprobs track=torch
"""No shift: logits[:, :-1] scored against labels[:, :-1] (both cut, neither shifted)."""
import torch
import torch.nn.functional as F


def token_logprobs(logits, labels, ignore_index=-100):
    logp = F.log_softmax(logits[:, :-1].float(), dim=-1)
    tgt = labels[:, :-1]
    keep = tgt != ignore_index
    out = logp.gather(-1, tgt.masked_fill(~keep, 0).unsqueeze(-1)).squeeze(-1)
    return out * keep


def sequence_logprob(logits, labels, ignore_index=-100, average=False):
    lp = token_logprobs(logits, labels, ignore_index)
    if average:
        return lp.sum(-1) / (labels[:, :-1] != ignore_index).sum(-1).clamp(min=1)
    return lp.sum(-1)
