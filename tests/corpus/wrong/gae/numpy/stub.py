# sftkl: problem=gae track=numpy
"""Untouched stub (problems/gae/stub_numpy.py, module docstring folded to one line): raises NotImplementedError."""
import numpy as np


def gae(rewards, values, mask, gamma=1.0, lam=0.95):
    """Return (advantages, returns), both [B, T] arrays.

    rewards, values: [B, T] floats; mask: [B, T] bool or 0.0/1.0, right-padded (valid
    tokens first). Backward over each row's valid tokens: delta_t = r_t + gamma * V_{t+1}
    - V_t with V = 0 after the row's last valid token; A_t = delta_t + gamma * lam *
    A_{t+1}; returns = A + V. Both are 0 at padding; nothing from the padding may leak.
    No whitening.

    返回 (advantages, returns),均为 [B, T] 数组。mask 为 bool 或 0.0/1.0,右侧填充。
    对每行的有效 token 倒序递推:delta_t = r_t + gamma * V_{t+1} - V_t(最后一个有效 token
    之后 V = 0);A_t = delta_t + gamma * lam * A_{t+1};returns = A + V。填充处两者都为 0,
    填充中的数值不能泄漏。不做白化。
    """
    raise NotImplementedError("gae is not written yet / 尚未实现 gae")
