# sftkl: problem=sft-loss track=torch
"""Empty batch answered with a fresh zero leaf that requires grad: backward works, but logits get no gradient (DDP waits)."""
import torch
import torch.nn.functional as F


def sft_loss(logits, labels, ignore_index=-100):
    shift_logits = logits[:, :-1, :].reshape(-1, logits.size(-1))
    shift_labels = labels[:, 1:].reshape(-1)
    count = (shift_labels != ignore_index).sum()
    if count == 0:
        return torch.zeros((), dtype=logits.dtype, requires_grad=True)
    return F.cross_entropy(shift_logits, shift_labels, ignore_index=ignore_index, reduction="sum") / count
