# sftkl: problem=token-logprobs track=torch
"""log_softmax + gather over all T positions: returns [B, T]."""
import torch
import torch.nn.functional as F


def token_logprobs(logits, labels, ignore_index=-100):
    keep = labels != ignore_index
    logp = F.log_softmax(logits.float(), dim=-1)
    out = logp.gather(-1, labels.masked_fill(~keep, 0).unsqueeze(-1)).squeeze(-1)
    return out * keep


def sequence_logprob(logits, labels, ignore_index=-100, average=False):
    lp = token_logprobs(logits, labels, ignore_index)
    if average:
        return lp.sum(-1) / (labels != ignore_index).sum(-1).clamp(min=1)
    return lp.sum(-1)
