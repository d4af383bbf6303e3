# sftkl: problem=sft-loss track=torch
"""F.cross_entropy(reduction="sum") returned without dividing by the count."""
import torch
import torch.nn.functional as F


def sft_loss(logits, labels, ignore_index=-100):
    V = logits.size(-1)
    return F.cross_entropy(
        logits[:, :-1, :].reshape(-1, V),
        labels[:, 1:].reshape(-1),
        ignore_index=ignore_index,
        reduction="sum",
    )
