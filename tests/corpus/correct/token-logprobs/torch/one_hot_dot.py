# sftkl: problem=token-logprobs track=torch
"""F.one_hot of a safe index times the log-softmax, summed over the vocabulary, times the mask."""
import torch
import torch.nn.functional as F


def token_logprobs(logits, labels, ignore_index=-100):
    x = logits[:, :-1].to(torch.float32)
    y = labels[:, 1:]
    keep = (y != ignore_index).to(x.dtype)
    onehot = F.one_hot(y.clamp(min=0), num_classes=x.shape[-1]).to(x.dtype)
    return (onehot * torch.log_softmax(x, -1)).sum(-1) * keep


def sequence_logprob(logits, labels, ignore_index=-100, average=False):
    lp = token_logprobs(logits, labels, ignore_index)
    keep = labels[:, 1:] != ignore_index
    return lp.sum(-1) / keep.sum(-1).clamp(min=1) if average else lp.sum(-1)
