# sftkl: problem=softmax track=torch
"""bf16/fp16 inputs are upcast with .float() and the float32 probabilities are returned as they are."""
import torch


def softmax(x, dim=-1):
    if x.dtype in (torch.bfloat16, torch.float16):
        x = x.float()
    e = torch.exp(x - x.max(dim=dim, keepdim=True).values)
    return e / e.sum(dim=dim, keepdim=True)
