# sftkl: problem=sft-loss track=torch
"""Averages the squared per-token cross-entropy over the kept tokens."""
import torch
import torch.nn.functional as F


def sft_loss(logits, labels, ignore_index=-100):
    x = logits[:, :-1].float()
    y = labels[:, 1:]
    nll = F.cross_entropy(x.transpose(1, 2), y, ignore_index=ignore_index, reduction="none")
    return (nll ** 2).sum() / (y != ignore_index).sum().clamp(min=1)
