# sftkl: problem=sft-loss track=torch
"""Manual stable softmax probabilities, then nll_loss on log(probs + 1e-12)."""
import torch
import torch.nn.functional as F


def sft_loss(logits, labels, ignore_index=-100):
    V = logits.size(-1)
    x = logits[:, :-1].reshape(-1, V)
    y = labels[:, 1:].reshape(-1)
    e = torch.exp(x - x.amax(dim=-1, keepdim=True))
    probs = e / e.sum(dim=-1, keepdim=True)
    total = F.nll_loss(torch.log(probs + 1e-12), y, ignore_index=ignore_index, reduction="sum")
    return total / (y != ignore_index).sum().clamp(min=1)
