# sftkl: problem=softmax track=numpy
"""Untouched stub (problems/softmax/stub_numpy.py, module docstring folded to one line): raises NotImplementedError."""
import numpy as np


def softmax(x, axis=-1):
    """Numerically stable softmax of x along `axis`.

    x: float32 or float64 array, any ndim >= 1; axis may be negative.
    Return an array of x's shape and dtype whose slices along `axis` sum to 1;
    it must stay finite for logits as large as ±1e4.

    沿 `axis` 计算数值稳定的 softmax。x: float32 或 float64 数组,维度 >= 1;
    axis 可以是负数。返回与 x 形状、dtype 相同的数组,沿 `axis` 的每个切片之和为 1;
    logits 达到 ±1e4 时也必须是有限值。
    """
    raise NotImplementedError("softmax is not written yet / 尚未实现 softmax")
