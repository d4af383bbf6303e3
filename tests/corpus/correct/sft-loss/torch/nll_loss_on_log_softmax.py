# sftkl: problem=sft-loss track=torch
"""F.nll_loss(reduction="sum") on torch.log_softmax, divided by max(count, 1)."""
import torch
import torch.nn.functional as F


def sft_loss(logits, labels, ignore_index=-100):
    B, T, V = logits.shape
    logp = torch.log_softmax(logits[:, : T - 1], dim=-1).reshape(B * (T - 1), V)
    y = labels[:, 1:].reshape(-1)
    s = F.nll_loss(logp, y, ignore_index=ignore_index, reduction="sum")
    n = int((y != ignore_index).sum())
    return s / max(n, 1)
