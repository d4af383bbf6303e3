# sftkl: problem=sft-loss track=torch
"""log_softmax + gather + mask over unshifted logits and labels."""
import torch
import torch.nn.functional as F


def sft_loss(logits, labels, ignore_index=-100):
    logp = F.log_softmax(logits, dim=-1)
    mask = labels != ignore_index
    safe = labels.masked_fill(~mask, 0)
    tok = logp.gather(-1, safe.unsqueeze(-1)).squeeze(-1)
    return -(tok * mask).sum() / mask.sum().clamp(min=1)
