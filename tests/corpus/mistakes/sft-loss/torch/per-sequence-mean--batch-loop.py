# sftkl: problem=sft-loss track=torch
"""Per-batch loop: F.cross_entropy mean per sequence, then mean over sequences."""
import torch
import torch.nn.functional as F


def sft_loss(logits, labels, ignore_index=-100):
    means = []
    for b in range(logits.shape[0]):
        x = logits[b, :-1]
        y = labels[b, 1:]
        if (y != ignore_index).any():
            means.append(F.cross_entropy(x, y, ignore_index=ignore_index))
    if not means:
        return logits.sum() * 0.0
    return torch.stack(means).mean()
