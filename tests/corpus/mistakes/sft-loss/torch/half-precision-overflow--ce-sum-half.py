# sftkl: problem=sft-loss track=torch
"""Casts the shifted logits to float16 (.half()) for F.cross_entropy(reduction="sum") / count; result cast back to logits.dtype."""
import torch
import torch.nn.functional as F


def sft_loss(logits, labels, ignore_index=-100):
    V = logits.size(-1)
    x = logits[:, :-1].reshape(-1, V).half()
    y = labels[:, 1:].reshape(-1)
    total = F.cross_entropy(x, y, ignore_index=ignore_index, reduction="sum")
    count = (y != ignore_index).sum().clamp(min=1)
    return (total / count).to(logits.dtype)
