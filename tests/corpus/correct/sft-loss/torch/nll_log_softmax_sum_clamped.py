# sftkl: problem=sft-loss track=torch
"""F.nll_loss(F.log_softmax(x), reduction="sum") in promote_types(dtype, float32), divided by count.clamp(min=1)."""
import torch
import torch.nn.functional as F


def sft_loss(logits, labels, ignore_index=-100):
    V = logits.shape[-1]
    x = logits[:, :-1].reshape(-1, V)
    x = x.to(torch.promote_types(x.dtype, torch.float32))
    y = labels[:, 1:].reshape(-1)
    logp = F.log_softmax(x, dim=-1)
    total = F.nll_loss(logp, y, ignore_index=ignore_index, reduction="sum")
    return total / (y != ignore_index).sum().clamp(min=1)
