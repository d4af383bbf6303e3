# sftkl: problem=sft-loss track=torch
"""nn.CrossEntropyLoss(reduction="sum") module on float32-or-better logits, divided by count.clamp(min=1)."""
import torch
import torch.nn as nn


def sft_loss(logits, labels, ignore_index=-100):
    criterion = nn.CrossEntropyLoss(ignore_index=ignore_index, reduction="sum")
    work = logits if logits.dtype == torch.float64 else logits.float()
    V = work.size(-1)
    shift_logits = work[:, :-1, :].reshape(-1, V)
    shift_labels = labels[:, 1:].reshape(-1)
    count = (shift_labels != ignore_index).sum()
    return criterion(shift_logits, shift_labels) / count.clamp(min=1)
