# sftkl: problem=token-logprobs track=torch
"""log_softmax gathered at the raw labels; the mask is only used for the count."""
import torch
import torch.nn.functional as F


def token_logprobs(logits, labels, ignore_index=-100):
    logp = F.log_softmax(logits[:, :-1].float(), dim=-1)
    return torch.gather(logp, 2, labels[:, 1:].unsqueeze(2)).squeeze(2)


def sequence_logprob(logits, labels, ignore_index=-100, average=False):
    lp = token_logprobs(logits, labels, ignore_index)
    n = (labels[:, 1:] != ignore_index).sum(-1).clamp(min=1)
    return lp.sum(-1) / n if average else lp.sum(-1)
