# sftkl: problem=sft-loss track=torch
"""log_softmax + gather on clamped targets, multiplied by a float mask."""
import torch
import torch.nn.functional as F


def sft_loss(logits, labels, ignore_index=-100):
    logp = F.log_softmax(logits[:, :-1, :], dim=-1)
    tgt = labels[:, 1:]
    mask = tgt != ignore_index
    safe = tgt.masked_fill(~mask, 0)
    tok_logp = logp.gather(-1, safe.unsqueeze(-1)).squeeze(-1)
    mask_f = mask.to(logp.dtype)
    return -(tok_logp * mask_f).sum() / mask_f.sum().clamp(min=1.0)
