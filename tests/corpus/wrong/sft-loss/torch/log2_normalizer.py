# sftkl: problem=sft-loss track=torch
"""Typo: torch.log2 instead of torch.log in a hand-written log-sum-exp."""
import torch
import torch.nn.functional as F


def sft_loss(logits, labels, ignore_index=-100):
    x = logits[:, :-1].float()
    y = labels[:, 1:]
    keep = y != ignore_index
    m = x.amax(dim=-1, keepdim=True)
    lse = (m + torch.log2(torch.exp(x - m).sum(dim=-1, keepdim=True))).squeeze(-1)
    tgt = x.gather(-1, y.masked_fill(~keep, 0).unsqueeze(-1)).squeeze(-1)
    return ((lse - tgt) * keep).sum() / keep.sum().clamp(min=1)
