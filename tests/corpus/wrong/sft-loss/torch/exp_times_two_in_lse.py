# sftkl: problem=sft-loss track=torch
"""Typo in a hand-written log-sum-exp: log(2 * sum(exp(x - m))), which adds log 2 to every token."""
import torch
import torch.nn.functional as F


def sft_loss(logits, labels, ignore_index=-100):
    x = logits[:, :-1].float()
    y = labels[:, 1:]
    keep = y != ignore_index
    m = x.amax(dim=-1)
    lse = m + torch.log(torch.exp(x - m.unsqueeze(-1)).mul(2).sum(dim=-1))
    tgt = x.gather(-1, y.masked_fill(~keep, 0).unsqueeze(-1)).squeeze(-1)
    return ((lse - tgt) * keep).sum() / keep.sum().clamp(min=1)
