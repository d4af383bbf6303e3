# sftkl: problem=sft-loss track=torch
"""F.cross_entropy over half-precision logits, summed and divided by the kept count."""
import torch.nn.functional as F


def sft_loss(logits, labels, ignore_index=-100):
    V = logits.shape[-1]
    x = logits[:, :-1].reshape(-1, V).half()
    y = labels[:, 1:].reshape(-1)
    total = F.cross_entropy(x, y, ignore_index=ignore_index, reduction="sum")
    return (total / (y != ignore_index).sum().clamp(min=1)).to(logits.dtype)
