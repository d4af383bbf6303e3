# sftkl: problem=dpo-loss track=torch
"""A loop over pairs whose margin forgets the reference log-ratio."""
import torch
import torch.nn.functional as F


def dpo_loss(policy_chosen_logps, policy_rejected_logps, ref_chosen_logps, ref_rejected_logps,
             beta=0.1, label_smoothing=0.0, loss_type="sigmoid"):
    if loss_type not in ("sigmoid", "ipo", "hinge"):
        raise ValueError(f"unknown loss_type {loss_type}")
    terms = []
    for i in range(policy_chosen_logps.numel()):
        h = policy_chosen_logps[i] - policy_rejected_logps[i]
        if loss_type == "sigmoid":
            terms.append(F.softplus(-beta * h) * (1 - label_smoothing) + F.softplus(beta * h) * label_smoothing)
        elif loss_type == "ipo":
            terms.append((h - 0.5 / beta) ** 2)
        else:
            terms.append(F.relu(1 - beta * h))
    chosen_rewards = (beta * (policy_chosen_logps - ref_chosen_logps)).detach()
    rejected_rewards = (beta * (policy_rejected_logps - ref_rejected_logps)).detach()
    return torch.stack(terms).mean(), chosen_rewards, rejected_rewards
