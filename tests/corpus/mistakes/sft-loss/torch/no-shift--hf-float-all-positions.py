# sftkl: problem=sft-loss track=torch
"""HF-style logits.float() and CE sum / num items, but labels are neither padded nor shifted: all T positions unshifted."""
import torch
import torch.nn.functional as F


def sft_loss(logits, labels, ignore_index=-100):
    logits = logits.float()
    vocab_size = logits.size(-1)
    flat_logits = logits.reshape(-1, vocab_size)
    flat_labels = labels.reshape(-1)
    num_items_in_batch = (flat_labels != ignore_index).sum()
    loss = F.cross_entropy(flat_logits, flat_labels, ignore_index=ignore_index, reduction="sum")
    return loss / num_items_in_batch.clamp(min=1)
