# sftkl: problem=sft-loss track=torch
"""Manual log-softmax x - log(sum(exp(x))) with no max subtraction, gather + mask."""
import torch


def sft_loss(logits, labels, ignore_index=-100):
    x = logits[:, :-1, :]
    logp = x - torch.log(torch.exp(x).sum(dim=-1, keepdim=True))
    tgt = labels[:, 1:]
    mask = tgt != ignore_index
    safe = tgt.masked_fill(~mask, 0)
    tok = logp.gather(-1, safe.unsqueeze(-1)).squeeze(-1)
    tok = torch.where(mask, tok, torch.zeros_like(tok))
    return -tok.sum() / mask.sum().clamp(min=1)
