# sftkl: problem=sft-loss track=torch
"""Adds 1e-3 to the mean loss (a misplaced epsilon), also when nothing is kept."""
import torch
import torch.nn.functional as F


def sft_loss(logits, labels, ignore_index=-100):
    V = logits.size(-1)
    x = logits[:, :-1].reshape(-1, V).float()
    y = labels[:, 1:].reshape(-1)
    total = F.cross_entropy(x, y, ignore_index=ignore_index, reduction="sum")
    return total / (y != ignore_index).sum().clamp(min=1) + 1e-3
