# sftkl: problem=token-logprobs track=torch
"""Python loops over the batch and the positions; torch.stack at the end."""
import torch


def token_logprobs(logits, labels, ignore_index=-100):
    x = logits.float()
    rows = []
    for b in range(x.shape[0]):
        vals = []
        for t in range(x.shape[1] - 1):
            y = int(labels[b, t + 1])
            if y == ignore_index:
                vals.append(x[b, t, 0] * 0.0)
            else:
                vals.append(x[b, t, y] - torch.logsumexp(x[b, t], dim=0))
        rows.append(torch.stack(vals) if vals else x[b, :0, 0])
    return torch.stack(rows)


def sequence_logprob(logits, labels, ignore_index=-100, average=False):
    lp = token_logprobs(logits, labels, ignore_index)
    out = []
    for b in range(lp.shape[0]):
        n = int((labels[b, 1:] != ignore_index).sum())
        s = lp[b].sum()
        out.append(s / n if average and n > 0 else s)
    return torch.stack(out)
