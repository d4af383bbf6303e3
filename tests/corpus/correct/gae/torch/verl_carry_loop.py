# sftkl: problem=gae track=torch
"""verl's compute_gae_advantage_return loop, without whitening, returns masked."""
import torch


def gae(rewards, values, mask, gamma=1.0, lam=0.95):
    response_mask = mask.to(values.dtype)
    with torch.no_grad():
        nextvalues = 0
        lastgaelam = 0
        advantages_reversed = []
        gen_len = rewards.shape[-1]
        for t in reversed(range(gen_len)):
            delta = rewards[:, t] + gamma * nextvalues - values[:, t]
            lastgaelam_ = delta + gamma * lam * lastgaelam
            nextvalues = values[:, t] * response_mask[:, t] + (1 - response_mask[:, t]) * nextvalues
            lastgaelam = lastgaelam_ * response_mask[:, t] + (1 - response_mask[:, t]) * lastgaelam
            advantages_reversed.append(lastgaelam)
        advantages = torch.stack(advantages_reversed[::-1], dim=1) * response_mask
        returns = (advantages + values) * response_mask
    return advantages, returns
