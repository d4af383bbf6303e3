# sftkl: problem=token-logprobs track=torch
"""TRL's selective_log_softmax: gather minus a per-row logsumexp loop; per-row log_softmax for bfloat16."""
import torch
import torch.nn.functional as F


def selective_log_softmax(logits, index):
    if logits.dtype in (torch.float32, torch.float64):
        selected = torch.gather(logits, dim=-1, index=index.unsqueeze(-1)).squeeze(-1)
        lse = torch.stack([torch.logsumexp(lg, dim=-1) for lg in logits])
        return selected - lse
    rows = []
    for row_logits, row_labels in zip(logits, index):
        row_logps = F.log_softmax(row_logits, dim=-1)
        rows.append(row_logps.gather(dim=-1, index=row_labels.unsqueeze(-1)).squeeze(-1))
    return torch.stack(rows)


def token_logprobs(logits, labels, ignore_index=-100):
    shift_logits = logits[:, :-1, :]
    shift_labels = labels[:, 1:].clone()
    mask = shift_labels != ignore_index
    shift_labels[~mask] = 0
    per_token = selective_log_softmax(shift_logits, shift_labels)
    return per_token * mask


def sequence_logprob(logits, labels, ignore_index=-100, average=False):
    per_token = token_logprobs(logits, labels, ignore_index)
    mask = labels[:, 1:] != ignore_index
    if average:
        return per_token.sum(-1) / mask.sum(-1).clamp(min=1)
    return per_token.sum(-1)
