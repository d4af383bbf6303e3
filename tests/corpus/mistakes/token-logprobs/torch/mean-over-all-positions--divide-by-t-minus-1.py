# sftkl: problem=token-logprobs track=torch
"""average=True divides by T - 1 (labels.shape[1] - 1)."""
import torch
import torch.nn.functional as F


def token_logprobs(logits, labels, ignore_index=-100):
    b, t, v = logits.shape
    nll = F.cross_entropy(logits[:, :-1].float().reshape(-1, v), labels[:, 1:].reshape(-1),
                          ignore_index=ignore_index, reduction="none")
    return -nll.view(b, t - 1)


def sequence_logprob(logits, labels, ignore_index=-100, average=False):
    lp = token_logprobs(logits, labels, ignore_index)
    if average:
        return lp.sum(-1) / (labels.shape[1] - 1)
    return lp.sum(-1)
