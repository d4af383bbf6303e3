# sftkl: problem=sft-loss track=torch
"""float64 log_softmax + gather + mask over logits[:, :-1] and labels[:, :-1] (same positions, no shift)."""
import torch
import torch.nn.functional as F


def sft_loss(logits, labels, ignore_index=-100):
    logp = F.log_softmax(logits[:, :-1].double(), dim=-1)
    tgt = labels[:, :-1]
    keep = tgt != ignore_index
    tok = logp.gather(-1, tgt.masked_fill(~keep, 0).unsqueeze(-1)).squeeze(-1)
    return -(tok * keep).sum() / keep.sum().clamp(min=1)
