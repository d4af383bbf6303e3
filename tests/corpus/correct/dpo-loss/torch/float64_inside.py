# sftkl: problem=dpo-loss track=torch
"""Compute in float64 and return float64, whatever the inputs."""
import torch
import torch.nn.functional as F


def dpo_loss(policy_chosen_logps, policy_rejected_logps, ref_chosen_logps, ref_rejected_logps,
             beta=0.1, label_smoothing=0.0, loss_type="sigmoid"):
    if loss_type not in ("sigmoid", "ipo", "hinge"):
        raise ValueError(loss_type)
    c = policy_chosen_logps.double() - ref_chosen_logps.double()
    r = policy_rejected_logps.double() - ref_rejected_logps.double()
    h = c - r
    if loss_type == "sigmoid":
        loss = (-(1 - label_smoothing) * F.logsigmoid(beta * h) - label_smoothing * F.logsigmoid(-beta * h)).mean()
    elif loss_type == "ipo":
        loss = torch.mean(torch.square(h - 1 / (2 * beta)))
    else:
        loss = torch.mean(F.relu(1 - beta * h))
    return loss, beta * c.detach(), beta * r.detach()
