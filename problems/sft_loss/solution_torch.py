# sftkl: problem=sft-loss track=torch
import torch
import torch.nn.functional as F


def sft_loss(logits, labels, ignore_index=-100):
    vocab = logits.size(-1)
    shift_logits = logits[:, :-1, :].reshape(-1, vocab)   # reshape: the slice is not contiguous
    shift_labels = labels[:, 1:].reshape(-1)
    count = (shift_labels != ignore_index).sum()
    total = F.cross_entropy(shift_logits, shift_labels, ignore_index=ignore_index, reduction="sum")
    # Token-level mean over the batch. Nothing kept: the sum is 0 and the count is
    # clamped to 1, so the loss is 0 with a zero gradient, not 0/0 = NaN, and there is
    # no `if count == 0` (a host sync on a GPU); `logits.sum() * 0.0` would be NaN
    # if any logit were -inf.
    return total / count.clamp(min=1)
