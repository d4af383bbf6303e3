# sftkl: problem=sft-loss track=torch
import torch
import torch.nn.functional as F


def sft_loss(logits, labels, ignore_index=-100):
    vocab = logits.size(-1)
    shift_logits = logits[:, :-1, :].reshape(-1, vocab)   # reshape: the slice is not contiguous
    shift_labels = labels[:, 1:].reshape(-1)
    count = (shift_labels != ignore_index).sum()
    if count == 0:
        return logits.sum() * 0.0                          # 0 with a zero gradient, not NaN
    total = F.cross_entropy(shift_logits, shift_labels, ignore_index=ignore_index, reduction="sum")
    return total / count                                   # token-level mean over the batch
