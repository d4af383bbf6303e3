# sftkl: problem=sft-loss track=torch
"""cross_entropy sum/count over logits[:, t] vs labels[:, t] with no shift."""
import torch
import torch.nn.functional as F


def sft_loss(logits, labels, ignore_index=-100):
    V = logits.shape[-1]
    x = logits.reshape(-1, V)
    y = labels.reshape(-1)
    total = F.cross_entropy(x, y, ignore_index=ignore_index, reduction="sum")
    count = (y != ignore_index).sum()
    return total / count.clamp(min=1)
