# sftkl: problem=softmax track=torch
"""Untouched stub (problems/softmax/stub_torch.py, module docstring folded to one line): raises NotImplementedError."""
import torch


def softmax(x, dim=-1):
    """Numerically stable, differentiable softmax of x along `dim`.

    x: float32 or float64 tensor, any ndim >= 1 (may be non-contiguous); dim may
    be negative. Return a tensor of x's shape and dtype whose slices along `dim`
    sum to 1, finite for logits as large as ±1e4. Built-in softmax / log_softmax
    are forbidden; torch.exp, amax/max, sum and logsumexp are fine.

    沿 `dim` 计算数值稳定、可微的 softmax。x: float32 或 float64 张量,维度 >= 1
    (可能非连续);dim 可以是负数。返回与 x 形状、dtype 相同的张量,沿 `dim` 的每个
    切片之和为 1。禁止使用内置 softmax / log_softmax;torch.exp、amax/max、sum、
    logsumexp 都可以用。
    """
    raise NotImplementedError("softmax is not written yet / 尚未实现 softmax")
