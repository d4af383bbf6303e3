# sftkl: problem=gae track=torch
import torch


@torch.no_grad()                                     # targets for PPO: no gradient flows through them
def gae(rewards, values, mask, gamma=1.0, lam=0.95):
    m = mask.to(values.dtype)                        # bool or 0.0/1.0, right-padded
    # Zero the padding first: whatever the critic and the reward code left there must not leak.
    r = rewards * m
    v = values * m
    T = r.shape[-1]
    next_value = torch.zeros_like(v[:, 0])           # V after the row's last valid token: 0
    next_adv = torch.zeros_like(v[:, 0])
    reversed_advs = []
    for t in reversed(range(T)):                     # backwards: A_t needs A_{t+1}
        delta = r[:, t] + gamma * next_value - v[:, t]
        next_adv = (delta + gamma * lam * next_adv) * m[:, t]   # γ·λ, not λ alone; 0 at padding
        next_value = v[:, t]                         # 0 at padding, so the episode ends there
        reversed_advs.append(next_adv)
    advantages = torch.stack(reversed_advs[::-1], dim=-1)
    returns = (advantages + v) * m                   # the critic's target, before any whitening
    return advantages, returns
