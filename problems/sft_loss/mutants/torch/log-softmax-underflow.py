# sftkl: problem=sft-loss track=torch
"""log(F.softmax(x) + 1e-12) gathered at the targets."""
import torch
import torch.nn.functional as F


def sft_loss(logits, labels, ignore_index=-100):
    p = F.softmax(logits[:, :-1, :], dim=-1)
    logp = torch.log(p + 1e-12)
    tgt = labels[:, 1:]
    mask = tgt != ignore_index
    safe = tgt.masked_fill(~mask, 0)
    tok = logp.gather(-1, safe.unsqueeze(-1)).squeeze(-1)
    return -(tok * mask).sum() / mask.sum().clamp(min=1)
