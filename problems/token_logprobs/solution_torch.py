# sftkl: problem=token-logprobs track=torch
import torch


def token_logprobs(logits, labels, ignore_index=-100):
    logits = logits[:, :-1, :]                             # position t scores labels[:, t + 1]
    if logits.dtype not in (torch.float32, torch.float64):
        logits = logits.float()                            # bfloat16 / float16: compute in float32
    targets = labels[:, 1:]
    keep = targets != ignore_index
    safe = targets.masked_fill(~keep, 0)                   # gather never sees ignore_index
    picked = logits.gather(-1, safe.unsqueeze(-1)).squeeze(-1)
    logps = picked - torch.logsumexp(logits, dim=-1)       # TRL's selective_log_softmax
    return torch.where(keep, logps, torch.zeros_like(logps))


def sequence_logprob(logits, labels, ignore_index=-100, average=False):
    logps = token_logprobs(logits, labels, ignore_index)
    total = logps.sum(-1)
    if not average:
        return total
    count = (labels[:, 1:] != ignore_index).sum(-1)
    return total / count.clamp(min=1)                      # 0 (not NaN) for a row with nothing kept
