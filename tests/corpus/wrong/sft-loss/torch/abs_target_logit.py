# sftkl: problem=sft-loss track=torch
"""A stray .abs(): loss = logsumexp(x) - |x[target]|."""
import torch
import torch.nn.functional as F


def sft_loss(logits, labels, ignore_index=-100):
    x = logits[:, :-1].float()
    y = labels[:, 1:]
    keep = y != ignore_index
    tgt = x.gather(-1, y.masked_fill(~keep, 0).unsqueeze(-1)).squeeze(-1)
    nll = torch.logsumexp(x, dim=-1) - tgt.abs()
    return (nll * keep).sum() / keep.sum().clamp(min=1)
