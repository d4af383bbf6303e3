# sftkl: problem=sft-loss track=torch
"""torch.logsumexp minus the gathered target logit, masked with torch.where."""
import torch


def sft_loss(logits, labels, ignore_index=-100):
    x = logits[:, :-1]
    y = labels[:, 1:]
    keep = y != ignore_index
    y_safe = torch.where(keep, y, torch.zeros_like(y))
    target_logit = torch.gather(x, 2, y_safe[..., None])[..., 0]
    per_tok = torch.logsumexp(x, dim=-1) - target_logit
    per_tok = torch.where(keep, per_tok, torch.zeros_like(per_tok))
    n = keep.sum()
    if n.item() == 0:
        return logits.sum() * 0.0
    return per_tok.sum() / n
