# sftkl: problem=sft-loss track=torch
"""Sums the kept token losses and divides by the vocabulary size V instead of the kept count."""
import torch
import torch.nn.functional as F


def sft_loss(logits, labels, ignore_index=-100):
    V = logits.size(-1)
    x = logits[:, :-1].reshape(-1, V).float()
    y = labels[:, 1:].reshape(-1)
    return F.cross_entropy(x, y, ignore_index=ignore_index, reduction="sum") / V
