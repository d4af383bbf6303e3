# sftkl: problem=sft-loss track=torch
"""Per-batch loop with an unshifted log(sum(exp(x))) minus the target logit."""
import torch


def sft_loss(logits, labels, ignore_index=-100):
    total = logits.sum() * 0.0
    count = 0
    for b in range(logits.shape[0]):
        x = logits[b, :-1]
        y = labels[b, 1:]
        keep = y != ignore_index
        if not keep.any():
            continue
        xk = x[keep]
        yk = y[keep]
        lse = torch.log(torch.exp(xk).sum(dim=-1))
        total = total + (lse - xk[torch.arange(len(yk)), yk]).sum()
        count += int(keep.sum())
    return total / max(count, 1)
