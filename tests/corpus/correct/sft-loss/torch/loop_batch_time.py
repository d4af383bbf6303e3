# sftkl: problem=sft-loss track=torch
"""Explicit Python loops over batch and time pick the kept (position, target) pairs; per-sequence float32 lse sums / global count."""
import torch


def sft_loss(logits, labels, ignore_index=-100):
    B, T, V = logits.shape
    label_rows = labels.tolist()
    total = None
    count = 0
    for b in range(B):
        positions, targets = [], []
        for t in range(T - 1):
            y = label_rows[b][t + 1]  # position t predicts the token at t + 1
            if y != ignore_index:
                positions.append(t)
                targets.append(y)
        if not positions:
            continue
        x = logits[b, positions]
        if x.dtype != torch.float64:
            x = x.float()
        tgt = torch.tensor(targets, device=x.device).unsqueeze(1)
        part = (torch.logsumexp(x, dim=-1) - x.gather(1, tgt).squeeze(1)).sum()
        total = part if total is None else total + part
        count += len(positions)
    if total is None:
        return logits.sum() * 0.0
    return total / count
