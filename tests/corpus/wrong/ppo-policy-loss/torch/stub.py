# sftkl: problem=ppo-policy-loss track=torch
"""The untouched stub: raises NotImplementedError."""
import torch


def ppo_policy_loss(log_probs, old_log_probs, advantages, mask, clip_low=0.2, clip_high=0.2, dual_clip=None):
    raise NotImplementedError("ppo_policy_loss is not written yet / 尚未实现 ppo_policy_loss")
