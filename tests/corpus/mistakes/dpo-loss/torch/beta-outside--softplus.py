# sftkl: problem=dpo-loss track=torch
"""beta * softplus(-h): the temperature applied to the loss, not the margin."""
import torch
import torch.nn.functional as F


def dpo_loss(policy_chosen_logps, policy_rejected_logps, ref_chosen_logps, ref_rejected_logps,
             beta=0.1, label_smoothing=0.0, loss_type="sigmoid"):
    c = policy_chosen_logps - ref_chosen_logps
    r = policy_rejected_logps - ref_rejected_logps
    h = c - r
    if loss_type == "sigmoid":
        losses = beta * ((1 - label_smoothing) * F.softplus(-h) + label_smoothing * F.softplus(h))
    elif loss_type == "ipo":
        losses = (h - 1 / (2 * beta)).square()
    elif loss_type == "hinge":
        losses = F.relu(1 - beta * h)
    else:
        raise ValueError("bad loss_type")
    return losses.mean(), beta * c.detach(), beta * r.detach()
