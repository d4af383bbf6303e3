# sftkl: problem=gae track=torch
"""Constant: zeros for both outputs."""
import torch


def gae(rewards, values, mask, gamma=1.0, lam=0.95):
    return torch.zeros_like(rewards), torch.zeros_like(values)
