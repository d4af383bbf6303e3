# sftkl: problem=sft-loss track=torch
"""Gathers target log-probs with an index missing its trailing unsqueeze(-1): gather raises on the rank mismatch."""
import torch
import torch.nn.functional as F


def sft_loss(logits, labels, ignore_index=-100):
    logp = F.log_softmax(logits[:, :-1].float(), dim=-1)
    tgt = labels[:, 1:]
    keep = tgt != ignore_index
    safe = tgt.masked_fill(~keep, 0)
    tok = logp.gather(-1, safe).squeeze(-1)
    return -(tok * keep).sum() / keep.sum().clamp(min=1)
