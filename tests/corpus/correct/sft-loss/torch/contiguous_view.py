# sftkl: problem=sft-loss track=torch
"""Shifted logits made .contiguous() before .view(-1, V); manual stable lse."""
import torch


def sft_loss(logits, labels, ignore_index=-100):
    V = logits.size(-1)
    x = logits[:, :-1, :].contiguous().view(-1, V)
    y = labels[:, 1:].contiguous().view(-1)
    keep = y != ignore_index
    n = keep.sum()
    if n == 0:
        return (logits * 0.0).sum()
    x = x[keep]
    y = y[keep]
    m = x.max(dim=-1, keepdim=True).values
    lse = (m + (x - m).exp().sum(dim=-1, keepdim=True).log()).squeeze(-1)
    nll = lse - x.gather(1, y.unsqueeze(1)).squeeze(1)
    return nll.mean()
