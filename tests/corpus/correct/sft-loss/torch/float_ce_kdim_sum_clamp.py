# sftkl: problem=sft-loss track=torch
"""logits.float(), then F.cross_entropy on the [B, V, T-1] (K-dim) layout with reduction="sum" / count.clamp(min=1)."""
import torch
import torch.nn.functional as F


def sft_loss(logits, labels, ignore_index=-100):
    x = logits[:, :-1].float()
    y = labels[:, 1:]
    total = F.cross_entropy(x.transpose(1, 2), y, ignore_index=ignore_index, reduction="sum")
    count = (y != ignore_index).sum()
    return total / count.clamp(min=1)
