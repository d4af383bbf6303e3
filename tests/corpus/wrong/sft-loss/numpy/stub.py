# sftkl: problem=sft-loss track=numpy
"""Untouched stub (problems/sft_loss/stub_numpy.py, module docstring folded to one line): raises NotImplementedError."""
import numpy as np


def sft_loss(logits, labels, ignore_index=-100):
    """Mean next-token negative log-likelihood over the kept positions.

    logits: float array [T, V]; labels: int array [T], unshifted input ids with
    prompt positions set to ignore_index. Position t's logits predict labels[t + 1].
    Return 0.0 when no position is kept.

    在保留位置上求下一个 token 的平均负对数似然。logits: [T, V];labels: [T],
    未移位,prompt 位置为 ignore_index。没有保留位置时返回 0.0。
    """
    raise NotImplementedError("sft_loss is not written yet / 尚未实现 sft_loss")
