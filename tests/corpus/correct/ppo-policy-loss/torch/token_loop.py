# sftkl: problem=ppo-policy-loss track=torch
"""Plain nested loops over every token with scalar tensor ops and Python if/else."""
import torch


def ppo_policy_loss(log_probs, old_log_probs, advantages, mask, clip_low=0.2, clip_high=0.2, dual_clip=None):
    if dual_clip is not None and dual_clip <= 1:
        raise ValueError(f"bad dual_clip {dual_clip}: must be > 1")
    B, T = log_probs.shape
    terms = []
    for i in range(B):
        for j in range(T):
            if float(mask[i, j]) == 0.0:
                continue
            a = advantages[i, j]
            r = torch.exp(log_probs[i, j] - old_log_probs[i, j])
            rc = torch.clamp(r, 1 - clip_low, 1 + clip_high)
            l1, l2 = -a * r, -a * rc
            loss = l1 if l1 >= l2 else l2
            if dual_clip is not None and a < 0:
                cap = -a * dual_clip
                if loss > cap:
                    loss = cap + 0.0 * log_probs[i, j]
            terms.append(loss)
    if not terms:
        return (log_probs * 0.0).sum()
    return torch.stack(terms).sum() / len(terms)
