# sftkl: problem=sft-loss track=torch
"""Builds a fresh leaf that requires grad for the running total and calls .add_() on it: autograd raises."""
import torch
import torch.nn.functional as F


def sft_loss(logits, labels, ignore_index=-100):
    V = logits.size(-1)
    x = logits[:, :-1].reshape(-1, V).float()
    y = labels[:, 1:].reshape(-1)
    total = torch.zeros((), requires_grad=True)
    total.add_(F.cross_entropy(x, y, ignore_index=ignore_index, reduction="sum"))
    return total / (y != ignore_index).sum().clamp(min=1)
