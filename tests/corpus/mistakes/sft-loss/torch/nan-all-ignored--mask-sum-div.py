# sftkl: problem=sft-loss track=torch
"""Masked sum divided by mask.sum() with no clamp: 0/0 when nothing is kept."""
import torch
import torch.nn.functional as F


def sft_loss(logits, labels, ignore_index=-100):
    logp = F.log_softmax(logits[:, :-1, :], dim=-1)
    tgt = labels[:, 1:]
    mask = (tgt != ignore_index).to(logp.dtype)
    safe = torch.where(tgt != ignore_index, tgt, torch.zeros_like(tgt))
    tok = logp.gather(-1, safe.unsqueeze(-1)).squeeze(-1)
    return -(tok * mask).sum() / mask.sum()
