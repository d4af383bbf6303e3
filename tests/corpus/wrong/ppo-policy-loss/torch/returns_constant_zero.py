# sftkl: problem=ppo-policy-loss track=torch
"""Returns a constant zero tensor."""
import torch


def ppo_policy_loss(log_probs, old_log_probs, advantages, mask, clip_low=0.2, clip_high=0.2, dual_clip=None):
    return torch.zeros((), dtype=log_probs.dtype)
