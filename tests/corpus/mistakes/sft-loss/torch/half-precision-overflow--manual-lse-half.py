# sftkl: problem=sft-loss track=torch
"""Manual max-shifted logsumexp computed in float16 (logits.half()), masked sum / count, cast back to logits.dtype."""
import torch


def sft_loss(logits, labels, ignore_index=-100):
    x = logits[:, :-1].half()
    y = labels[:, 1:]
    keep = y != ignore_index
    m = x.amax(dim=-1, keepdim=True)
    lse = (m + torch.log(torch.exp(x - m).sum(dim=-1, keepdim=True))).squeeze(-1)
    tgt = x.gather(-1, y.masked_fill(~keep, 0).unsqueeze(-1)).squeeze(-1)
    nll = (lse - tgt) * keep
    return (nll.sum() / keep.sum().clamp(min=1)).to(logits.dtype)
