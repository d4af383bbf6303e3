# sftkl: problem=ppo-policy-loss track=torch
"""Raises RuntimeError on every call."""
import torch


def ppo_policy_loss(log_probs, old_log_probs, advantages, mask, clip_low=0.2, clip_high=0.2, dual_clip=None):
    raise RuntimeError("cannot compute the loss")
