# sftkl: problem=token-logprobs track=torch
"""Per-sequence loop: .mean() of the token log-probs, zeros of the prompt included."""
import torch


def token_logprobs(logits, labels, ignore_index=-100):
    x = logits[:, :-1].float()
    y = labels[:, 1:]
    keep = y != ignore_index
    lp = x.gather(-1, (y * keep).unsqueeze(-1)).squeeze(-1) - x.logsumexp(-1)
    return lp * keep


def sequence_logprob(logits, labels, ignore_index=-100, average=False):
    lp = token_logprobs(logits, labels, ignore_index)
    return torch.stack([row.mean() if average else row.sum() for row in lp])
