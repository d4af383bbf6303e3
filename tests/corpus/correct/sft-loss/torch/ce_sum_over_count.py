# sftkl: problem=sft-loss track=torch
"""F.cross_entropy(reduction="sum") on reshaped shifted tensors, divided by a clamped count."""
import torch
import torch.nn.functional as F


def sft_loss(logits, labels, ignore_index=-100):
    V = logits.size(-1)
    shift_logits = logits[:, :-1, :].reshape(-1, V)
    shift_labels = labels[:, 1:].reshape(-1)
    total = F.cross_entropy(shift_logits, shift_labels, ignore_index=ignore_index, reduction="sum")
    count = (shift_labels != ignore_index).sum()
    return total / count.clamp(min=1)
