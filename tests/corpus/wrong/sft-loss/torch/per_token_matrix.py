# sftkl: problem=sft-loss track=torch
"""Right per-token losses as a [B, T-1] matrix (F.cross_entropy reduction="none"), never reduced to a scalar."""
import torch
import torch.nn.functional as F


def sft_loss(logits, labels, ignore_index=-100):
    x = logits[:, :-1].float()
    y = labels[:, 1:]
    return F.cross_entropy(x.transpose(1, 2), y, ignore_index=ignore_index, reduction="none")
