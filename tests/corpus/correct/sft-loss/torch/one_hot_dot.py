# sftkl: problem=sft-loss track=torch
"""F.one_hot targets times a float32-or-better log_softmax; masked sum over kept tokens / clamped count."""
import torch
import torch.nn.functional as F


def sft_loss(logits, labels, ignore_index=-100):
    x = logits[:, :-1]
    x = x.to(torch.promote_types(x.dtype, torch.float32))
    y = labels[:, 1:]
    keep = y != ignore_index
    onehot = F.one_hot(torch.where(keep, y, torch.zeros_like(y)), num_classes=x.size(-1)).to(x.dtype)
    tok = (onehot * F.log_softmax(x, dim=-1)).sum(-1)
    return -(tok * keep).sum() / keep.sum().clamp(min=1)
