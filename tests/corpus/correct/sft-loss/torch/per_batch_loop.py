# sftkl: problem=sft-loss track=torch
"""Python loop over the batch summing token losses, then dividing by the global count."""
import torch
import torch.nn.functional as F


def sft_loss(logits, labels, ignore_index=-100):
    total = None
    count = 0
    for b in range(logits.shape[0]):
        x = logits[b, :-1]
        y = labels[b, 1:]
        keep = y != ignore_index
        if not bool(keep.any()):
            continue
        part = F.cross_entropy(x[keep], y[keep], reduction="sum")
        total = part if total is None else total + part
        count += int(keep.sum())
    if count == 0:
        return logits.sum() * 0.0
    return total / count
