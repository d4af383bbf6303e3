# sftkl: problem=grpo-advantages track=torch
"""GRPO advantages, PyTorch track.

Statement: `sftkl show grpo-advantages`   Grade: `sftkl grade`
题目:`sftkl show grpo-advantages`        评分:`sftkl grade`
"""
import torch


def grpo_advantages(rewards, group_size, scale="group", eps=1e-6):
    """[N] advantages from [N] rewards; the group_size completions of a prompt are contiguous.

    scale "group": (r - mean_g) / (std_g + eps), unbiased std (divisor G - 1);
    "none": r - mean_g; "rloo": r - (sum_g - r) / (G - 1). A group of equal rewards
    gives 0, never NaN. group_size < 2, N not divisible by group_size or an unknown
    scale raise ValueError. Returns a torch.Tensor of shape [N].

    由 [N] 个奖励计算 [N] 个优势;同一 prompt 的 group_size 个回答是连续的。
    "group":(r - 组均值) / (组标准差 + eps),无偏标准差(除以 G - 1);"none":r - 组均值;
    "rloo":r - (组和 - r) / (G - 1)。组内奖励全部相同时结果为 0,不能是 NaN。
    group_size < 2、N 不能被 group_size 整除或未知 scale 时抛出 ValueError。
    """
    raise NotImplementedError("grpo_advantages is not written yet / 尚未实现 grpo_advantages")
