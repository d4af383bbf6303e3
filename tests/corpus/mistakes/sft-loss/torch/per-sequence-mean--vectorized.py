# sftkl: problem=sft-loss track=torch
"""Vectorized masked loss averaged per row (sum(1)/count(1)), then .mean() over the batch."""
import torch
import torch.nn.functional as F


def sft_loss(logits, labels, ignore_index=-100):
    logp = F.log_softmax(logits[:, :-1, :], dim=-1)
    tgt = labels[:, 1:]
    mask = (tgt != ignore_index)
    safe = tgt.masked_fill(~mask, 0)
    nll = -logp.gather(-1, safe.unsqueeze(-1)).squeeze(-1) * mask
    per_seq = nll.sum(dim=1) / mask.sum(dim=1).clamp(min=1)
    return per_seq.mean()
