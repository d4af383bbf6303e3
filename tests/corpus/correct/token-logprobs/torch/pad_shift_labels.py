# sftkl: problem=token-logprobs track=torch
"""transformers-style: pad the labels with ignore_index and shift, score all T rows, drop the last."""
import torch
import torch.nn.functional as F


def token_logprobs(logits, labels, ignore_index=-100):
    shift_labels = F.pad(labels, (0, 1), value=ignore_index)[:, 1:]
    keep = shift_labels != ignore_index
    logp = logits.float().log_softmax(-1)
    lp = logp.gather(2, torch.where(keep, shift_labels, 0).unsqueeze(2)).squeeze(2)
    return torch.where(keep, lp, 0.0)[:, :-1]


def sequence_logprob(logits, labels, ignore_index=-100, average=False):
    lp = token_logprobs(logits, labels, ignore_index)
    if average:
        count = (labels[:, 1:] != ignore_index).sum(-1, keepdim=True).clamp(min=1)
        return (lp / count).sum(-1)
    return lp.sum(-1)
