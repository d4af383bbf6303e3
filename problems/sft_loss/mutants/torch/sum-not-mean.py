# sftkl: problem=sft-loss track=torch
"""Per-batch python loop that sums token losses and never divides."""
import torch
import torch.nn.functional as F


def sft_loss(logits, labels, ignore_index=-100):
    total = logits.sum() * 0.0
    for b in range(logits.shape[0]):
        x = logits[b, :-1]
        y = labels[b, 1:]
        keep = y != ignore_index
        if keep.any():
            total = total + F.cross_entropy(x[keep], y[keep], reduction="sum")
    return total
