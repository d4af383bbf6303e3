# sftkl: problem=sft-loss track=torch
"""Raises RuntimeError("boom") before computing anything."""
import torch
import torch.nn.functional as F


def sft_loss(logits, labels, ignore_index=-100):
    raise RuntimeError("boom")
