# sftkl: problem=dpo-loss track=torch
"""A loop over pairs; beta multiplies F.logsigmoid(h)."""
import torch
import torch.nn.functional as F


def dpo_loss(policy_chosen_logps, policy_rejected_logps, ref_chosen_logps, ref_rejected_logps,
             beta=0.1, label_smoothing=0.0, loss_type="sigmoid"):
    if loss_type not in ("sigmoid", "ipo", "hinge"):
        raise ValueError(f"unknown loss_type {loss_type}")
    total = 0
    n = policy_chosen_logps.shape[0]
    for i in range(n):
        h = (policy_chosen_logps[i] - ref_chosen_logps[i]) - (policy_rejected_logps[i] - ref_rejected_logps[i])
        if loss_type == "sigmoid":
            total = total - beta * ((1 - label_smoothing) * F.logsigmoid(h) + label_smoothing * F.logsigmoid(-h))
        elif loss_type == "ipo":
            total = total + (h - 1 / (2 * beta)) ** 2
        else:
            total = total + torch.relu(1 - beta * h)
    chosen = beta * (policy_chosen_logps - ref_chosen_logps).detach()
    rejected = beta * (policy_rejected_logps - ref_rejected_logps).detach()
    return total / n, chosen, rejected
