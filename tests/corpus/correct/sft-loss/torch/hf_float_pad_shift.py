# sftkl: problem=sft-loss track=torch
"""Hugging Face ForCausalLMLoss idiom: logits.float(), labels padded with ignore_index and shifted, CE sum / num items."""
import torch
import torch.nn.functional as F


def sft_loss(logits, labels, ignore_index=-100):
    # Upcast to float to avoid potential precision issues (what transformers does).
    logits = logits.float()
    # Shift the labels, not the logits: pad one ignore_index at the end, drop the first.
    labels = F.pad(labels, (0, 1), value=ignore_index)
    shift_labels = labels[..., 1:].contiguous()
    vocab_size = logits.size(-1)
    logits = logits.reshape(-1, vocab_size)
    shift_labels = shift_labels.view(-1)
    num_items_in_batch = (shift_labels != ignore_index).sum()
    loss = F.cross_entropy(logits, shift_labels, ignore_index=ignore_index, reduction="sum")
    return loss / num_items_in_batch.clamp(min=1)
