# sftkl: problem=dpo-loss track=torch
"""A loop over pairs with -log1p(exp(-x)); the smoothing term only when label_smoothing > 0."""
import torch


def dpo_loss(policy_chosen_logps, policy_rejected_logps, ref_chosen_logps, ref_rejected_logps,
             beta=0.1, label_smoothing=0.0, loss_type="sigmoid"):
    if loss_type not in ("sigmoid", "ipo", "hinge"):
        raise ValueError(f"unknown loss_type {loss_type}")
    per_pair = []
    for i in range(len(policy_chosen_logps)):
        h = (policy_chosen_logps[i] - ref_chosen_logps[i]) - (policy_rejected_logps[i] - ref_rejected_logps[i])
        if loss_type == "sigmoid":
            loss = torch.log1p(torch.exp(-beta * h)) * (1 - label_smoothing)
            if label_smoothing > 0:
                loss = loss + torch.log1p(torch.exp(beta * h)) * label_smoothing
        elif loss_type == "ipo":
            loss = (h - 1 / (2 * beta)) ** 2
        else:
            loss = torch.relu(1 - beta * h)
        per_pair.append(loss)
    chosen = (beta * (policy_chosen_logps - ref_chosen_logps)).detach()
    rejected = (beta * (policy_rejected_logps - ref_rejected_logps)).detach()
    return torch.stack(per_pair).mean(), chosen, rejected
