# sftkl: problem=gae track=torch
"""Generalized Advantage Estimation (GAE), PyTorch track.

Statement: `sftkl show gae`   Grade: `sftkl grade`
题目:`sftkl show gae`        评分:`sftkl grade`
"""
import torch


def gae(rewards, values, mask, gamma=1.0, lam=0.95):
    """Return (advantages, returns), both [B, T] tensors.

    rewards, values: [B, T] floats; mask: [B, T] bool or 0.0/1.0, right-padded (valid
    tokens first). Backward over each row's valid tokens: delta_t = r_t + gamma * V_{t+1}
    - V_t with V = 0 after the row's last valid token; A_t = delta_t + gamma * lam *
    A_{t+1}; returns = A + V. Both are 0 at padding; nothing from the padding may leak.
    No whitening; no gradient is needed.

    返回 (advantages, returns),均为 [B, T] 张量。mask 为 bool 或 0.0/1.0,右侧填充。
    对每行的有效 token 倒序递推:delta_t = r_t + gamma * V_{t+1} - V_t(最后一个有效 token
    之后 V = 0);A_t = delta_t + gamma * lam * A_{t+1};returns = A + V。填充处两者都为 0,
    填充中的数值不能泄漏。不做白化,也不需要梯度。
    """
    raise NotImplementedError("gae is not written yet / 尚未实现 gae")
