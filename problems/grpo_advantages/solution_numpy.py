# sftkl: problem=grpo-advantages track=numpy
import numpy as np

SCALES = ("group", "none", "rloo")


def grpo_advantages(rewards, group_size, scale="group", eps=1e-6):
    rewards = np.asarray(rewards)
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}; expected one of {SCALES}")
    if group_size < 2:
        raise ValueError(f"group_size must be at least 2, got {group_size}")
    if rewards.shape[0] % group_size:
        raise ValueError(f"{rewards.shape[0]} rewards do not split into groups of {group_size}")
    # The G completions of a prompt are contiguous: one row per prompt.
    groups = rewards.reshape(-1, group_size)
    mean = groups.mean(axis=-1, keepdims=True)
    if scale == "group":
        # Unbiased std (ddof=1, as torch.std); eps outside the sqrt: equal rewards give 0, not NaN.
        std = groups.std(axis=-1, ddof=1, keepdims=True)
        adv = (groups - mean) / (std + eps)
    elif scale == "none":
        adv = groups - mean                                   # Dr. GRPO: no std scaling
    else:
        baseline = (groups.sum(axis=-1, keepdims=True) - groups) / (group_size - 1)
        adv = groups - baseline                               # RLOO: leave the sample out
    return adv.reshape(-1)
