# sftkl: problem=token-logprobs track=torch
"""F.log_softmax in float32, gather at a masked_fill'd index, masked_fill the ignored positions."""
import torch
import torch.nn.functional as F


def token_logprobs(logits, labels, ignore_index=-100):
    logp = F.log_softmax(logits[:, :-1].float(), dim=-1)
    tgt = labels[:, 1:]
    ignored = tgt == ignore_index
    out = logp.gather(-1, tgt.masked_fill(ignored, 0).unsqueeze(-1)).squeeze(-1)
    return out.masked_fill(ignored, 0.0)


def sequence_logprob(logits, labels, ignore_index=-100, average=False):
    lp = token_logprobs(logits, labels, ignore_index)
    if average:
        n = (labels[:, 1:] != ignore_index).sum(-1)
        return lp.sum(-1) / n.clamp(min=1)
    return lp.sum(-1)
