# sftkl: problem=sft-loss track=torch
"""F.cross_entropy mean, guarded by an early return of logits.sum() * 0 when nothing is kept."""
import torch
import torch.nn.functional as F


def sft_loss(logits, labels, ignore_index=-100):
    shift_labels = labels[:, 1:]
    if (shift_labels != ignore_index).sum() == 0:
        return logits.sum() * 0.0
    shift_logits = logits[:, :-1]
    return F.cross_entropy(
        shift_logits.reshape(-1, shift_logits.shape[-1]),
        shift_labels.reshape(-1),
        ignore_index=ignore_index,
    )
