# sftkl: problem=sft-loss track=torch
"""F.nll_loss(F.log_softmax(logits.half()), reduction="sum") / clamped count, cast back to logits.dtype."""
import torch
import torch.nn.functional as F


def sft_loss(logits, labels, ignore_index=-100):
    h = logits.half()
    V = h.size(-1)
    logp = F.log_softmax(h[:, :-1].reshape(-1, V), dim=-1)
    y = labels[:, 1:].reshape(-1)
    total = F.nll_loss(logp, y, ignore_index=ignore_index, reduction="sum")
    return (total / (y != ignore_index).sum().clamp(min=1)).to(logits.dtype)
