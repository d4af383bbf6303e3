# sftkl: problem=gae track=torch
"""OpenRLHF's get_advantages_and_returns: mask values and rewards, then an unmasked loop."""
import torch


@torch.no_grad()
def gae(rewards, values, mask, gamma=1.0, lam=0.95):
    action_mask = mask.to(values.dtype)
    lastgaelam = 0
    advantages_reversed = []
    response_length = rewards.size(1)
    values = action_mask * values
    rewards = action_mask * rewards
    for t in reversed(range(response_length)):
        nextvalues = values[:, t + 1] if t < response_length - 1 else 0.0
        delta = rewards[:, t] + gamma * nextvalues - values[:, t]
        lastgaelam = delta + gamma * lam * lastgaelam
        advantages_reversed.append(lastgaelam)
    advantages = torch.stack(advantages_reversed[::-1], dim=1)
    returns = advantages + values
    return advantages.detach(), returns
