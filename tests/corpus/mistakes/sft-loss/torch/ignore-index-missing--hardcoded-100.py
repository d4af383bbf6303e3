# sftkl: problem=sft-loss track=torch
"""Gather + mask that hard-codes -100 instead of ignore_index (targets clamped, so no crash)."""
import torch
import torch.nn.functional as F


def sft_loss(logits, labels, ignore_index=-100):
    logp = F.log_softmax(logits[:, :-1, :], dim=-1)
    tgt = labels[:, 1:]
    mask = tgt != -100
    safe = tgt.clamp(min=0)
    tok = logp.gather(-1, safe.unsqueeze(-1)).squeeze(-1)
    return -(tok * mask).sum() / mask.sum().clamp(min=1)
