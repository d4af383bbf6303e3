# sftkl: problem=sft-loss track=torch
"""Returns the logits tensor unchanged instead of a scalar loss."""
import torch
import torch.nn.functional as F


def sft_loss(logits, labels, ignore_index=-100):
    return logits
