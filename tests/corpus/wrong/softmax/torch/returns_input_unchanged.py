# sftkl: problem=softmax track=torch
"""Returns the logits unchanged (the same tensor object)."""
import torch


def softmax(x, dim=-1):
    return x
