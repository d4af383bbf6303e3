# sftkl: problem=sft-loss track=torch
"""Guarded nll_loss on log_softmax of logits[:, :-1, :].view(-1, V) (no .contiguous())."""
import torch
import torch.nn.functional as F


def sft_loss(logits, labels, ignore_index=-100):
    B, T, V = logits.shape
    y = labels[:, 1:].reshape(-1)
    if (y != ignore_index).sum() == 0:
        return logits.sum() * 0.0
    logp = F.log_softmax(logits[:, :-1, :].view(-1, V), dim=-1)
    return F.nll_loss(logp, y, ignore_index=ignore_index)
