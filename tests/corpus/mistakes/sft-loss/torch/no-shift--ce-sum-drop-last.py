# sftkl: problem=sft-loss track=torch
"""F.cross_entropy(reduction="sum") / count.clamp(min=1) on float32 logits[:, :-1] against labels[:, :-1] (no shift)."""
import torch
import torch.nn.functional as F


def sft_loss(logits, labels, ignore_index=-100):
    V = logits.size(-1)
    x = logits[:, :-1].reshape(-1, V)
    x = x.to(torch.promote_types(x.dtype, torch.float32))
    y = labels[:, :-1].reshape(-1)
    total = F.cross_entropy(x, y, ignore_index=ignore_index, reduction="sum")
    return total / (y != ignore_index).sum().clamp(min=1)
