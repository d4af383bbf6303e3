# sftkl: problem=gae track=numpy
import numpy as np


def gae(rewards, values, mask, gamma=1.0, lam=0.95):
    valid = np.asarray(mask).astype(bool)            # bool or 0.0/1.0, right-padded
    # Zero the padding first: whatever the critic and the reward code left there must not leak.
    r = np.where(valid, rewards, 0.0).astype(rewards.dtype)
    v = np.where(valid, values, 0.0).astype(values.dtype)
    B, T = r.shape
    advantages = np.zeros_like(r)
    next_value = np.zeros(B, dtype=r.dtype)         # V after the row's last valid token: 0
    next_adv = np.zeros(B, dtype=r.dtype)
    for t in reversed(range(T)):                     # backwards: A_t needs A_{t+1}
        delta = r[:, t] + gamma * next_value - v[:, t]
        adv = delta + gamma * lam * next_adv         # γ·λ, not λ alone
        advantages[:, t] = np.where(valid[:, t], adv, 0.0)
        next_value = v[:, t]                         # 0 at padding, so the episode ends there
        next_adv = advantages[:, t]
    returns = np.where(valid, advantages + v, 0.0)   # the critic's target, before any whitening
    return advantages, returns
