# sftkl: problem=sft-loss track=torch
"""A bogus check that raises ValueError whenever labels is an int64 tensor."""
import torch
import torch.nn.functional as F


def sft_loss(logits, labels, ignore_index=-100):
    if labels.dtype == torch.int64:
        raise ValueError("labels must be int32")
    return logits.sum() * 0.0
