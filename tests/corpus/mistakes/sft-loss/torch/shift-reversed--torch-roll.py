# sftkl: problem=sft-loss track=torch
"""torch.roll(labels, +1) (wrong direction): logits[t] scored against labels[t-1]."""
import torch
import torch.nn.functional as F


def sft_loss(logits, labels, ignore_index=-100):
    B, T, V = logits.shape
    rolled = torch.roll(labels, shifts=1, dims=1)
    is_first = torch.arange(T, device=labels.device) == 0
    targets = torch.where(is_first.unsqueeze(0), torch.full_like(rolled, ignore_index), rolled)
    total = F.cross_entropy(
        logits.reshape(B * T, V), targets.reshape(-1), ignore_index=ignore_index, reduction="sum"
    )
    return total / (targets != ignore_index).sum().clamp(min=1)
