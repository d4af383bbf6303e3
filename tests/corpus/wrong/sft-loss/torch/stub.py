# sftkl: problem=sft-loss track=torch
"""Untouched stub (problems/sft_loss/stub_torch.py, module docstring folded to one line): raises NotImplementedError."""
import torch
import torch.nn.functional as F


def sft_loss(logits, labels, ignore_index=-100):
    """Token-level mean next-token cross-entropy over every kept token in the batch.

    logits: [B, T, V] (may be non-contiguous); labels: [B, T], unshifted, prompt
    positions set to ignore_index. Return a 0-dim tensor that carries gradient to
    logits; 0 (not NaN, zero gradient) when nothing is kept.

    对 batch 中所有保留 token 求平均交叉熵。logits: [B, T, V](可能非连续);
    labels: [B, T],未移位。返回带梯度的 0 维张量;没有保留 token 时返回 0(不是 NaN)。
    """
    raise NotImplementedError("sft_loss is not written yet / 尚未实现 sft_loss")
