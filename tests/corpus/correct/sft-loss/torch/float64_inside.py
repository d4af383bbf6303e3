# sftkl: problem=sft-loss track=torch
"""Everything in float64 (.double()): logsumexp minus the gathered target, masked; returns a float64 scalar."""
import torch


def sft_loss(logits, labels, ignore_index=-100):
    x = logits[:, :-1].double()
    y = labels[:, 1:]
    keep = y != ignore_index
    safe = y.masked_fill(~keep, 0)
    nll = torch.logsumexp(x, dim=-1) - x.gather(-1, safe.unsqueeze(-1)).squeeze(-1)
    nll = nll.masked_fill(~keep, 0.0)
    return nll.sum() / keep.sum().clamp(min=1)
