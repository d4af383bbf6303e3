# sftkl: problem=dpo-loss track=torch
"""log(1 / (1 + exp(-x))) written out by hand, vectorised."""
import torch


def dpo_loss(policy_chosen_logps, policy_rejected_logps, ref_chosen_logps, ref_rejected_logps,
             beta=0.1, label_smoothing=0.0, loss_type="sigmoid"):
    h = (policy_chosen_logps - ref_chosen_logps) - (policy_rejected_logps - ref_rejected_logps)
    if loss_type == "sigmoid":
        p_chosen = 1 / (1 + torch.exp(-beta * h))
        p_rejected = 1 / (1 + torch.exp(beta * h))
        losses = -(1 - label_smoothing) * torch.log(p_chosen) - label_smoothing * torch.log(p_rejected)
    elif loss_type == "ipo":
        losses = (h - 1 / (2 * beta)) ** 2
    elif loss_type == "hinge":
        losses = torch.relu(1 - beta * h)
    else:
        raise ValueError(loss_type)
    return losses.mean(), beta * (policy_chosen_logps - ref_chosen_logps).detach(), \
        beta * (policy_rejected_logps - ref_rejected_logps).detach()
