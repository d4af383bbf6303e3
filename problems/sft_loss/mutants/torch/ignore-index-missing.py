# sftkl: problem=sft-loss track=torch
"""Masked token losses summed but divided by all B*(T-1) positions."""
import torch
import torch.nn.functional as F


def sft_loss(logits, labels, ignore_index=-100):
    logp = F.log_softmax(logits[:, :-1, :], dim=-1)
    tgt = labels[:, 1:]
    mask = tgt != ignore_index
    safe = tgt.masked_fill(~mask, 0)
    tok = logp.gather(-1, safe.unsqueeze(-1)).squeeze(-1)
    return -(tok * mask).sum() / max(tgt.numel(), 1)
