# sftkl: problem=sft-loss track=torch
"""Upcasts to float64, manual amax-shifted log-sum-exp, casts the result back."""
import torch


def sft_loss(logits, labels, ignore_index=-100):
    x = logits[:, :-1].to(torch.float64)
    y = labels[:, 1:]
    mask = (y != ignore_index)
    m = x.amax(dim=-1, keepdim=True)
    lse = m.squeeze(-1) + torch.log(torch.sum(torch.exp(x - m), dim=-1))
    tgt = torch.gather(x, -1, torch.where(mask, y, 0).unsqueeze(-1)).squeeze(-1)
    nll = (lse - tgt) * mask
    denom = mask.sum().clamp_min(1)
    return (nll.sum() / denom).to(logits.dtype)
