# sftkl: problem=dpo-loss track=torch
"""A loop over pairs; the margin subtracts the chosen log-ratio from the rejected one."""
import torch
import torch.nn.functional as F


def dpo_loss(policy_chosen_logps, policy_rejected_logps, ref_chosen_logps, ref_rejected_logps,
             beta=0.1, label_smoothing=0.0, loss_type="sigmoid"):
    if loss_type not in ("sigmoid", "ipo", "hinge"):
        raise ValueError(f"unknown loss_type {loss_type}")
    losses = []
    for pc, pr, rc, rr in zip(policy_chosen_logps, policy_rejected_logps, ref_chosen_logps, ref_rejected_logps):
        h = (pr - rr) - (pc - rc)
        if loss_type == "sigmoid":
            losses.append(-(1 - label_smoothing) * F.logsigmoid(beta * h) - label_smoothing * F.logsigmoid(-beta * h))
        elif loss_type == "ipo":
            losses.append((h - 1 / (2 * beta)) ** 2)
        else:
            losses.append(torch.relu(1 - beta * h))
    chosen_rewards = beta * (policy_chosen_logps - ref_chosen_logps).detach()
    rejected_rewards = beta * (policy_rejected_logps - ref_rejected_logps).detach()
    return torch.stack(losses).mean(), chosen_rewards, rejected_rewards
