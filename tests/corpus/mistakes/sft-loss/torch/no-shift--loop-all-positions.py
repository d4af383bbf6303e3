# sftkl: problem=sft-loss track=torch
"""Per-sequence loop over all T positions (unshifted): float32 logsumexp minus the gathered label[t] logit, global count."""
import torch


def sft_loss(logits, labels, ignore_index=-100):
    total, count = None, 0
    for b in range(logits.shape[0]):
        y = labels[b]
        keep = y != ignore_index
        if not bool(keep.any()):
            continue
        x = logits[b][keep].float()
        part = (torch.logsumexp(x, dim=-1) - x.gather(1, y[keep].unsqueeze(1)).squeeze(1)).sum()
        total = part if total is None else total + part
        count += int(keep.sum())
    if total is None:
        return logits.sum() * 0.0
    return total / count
