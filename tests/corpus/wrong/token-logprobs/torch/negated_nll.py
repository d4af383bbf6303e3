# sftkl: problem=token-logprobs track=torch
"""Returns F.cross_entropy(reduction='none'): the NLL, positive, not the log-prob."""
import torch
import torch.nn.functional as F


def token_logprobs(logits, labels, ignore_index=-100):
    b, t, v = logits.shape
    return F.cross_entropy(logits[:, :-1].float().reshape(-1, v), labels[:, 1:].reshape(-1),
                           ignore_index=ignore_index, reduction="none").reshape(b, t - 1)


def sequence_logprob(logits, labels, ignore_index=-100, average=False):
    lp = token_logprobs(logits, labels, ignore_index)
    if average:
        return lp.sum(-1) / (labels[:, 1:] != ignore_index).sum(-1).clamp(min=1)
    return lp.sum(-1)
