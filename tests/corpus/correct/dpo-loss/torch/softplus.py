# sftkl: problem=dpo-loss track=torch
"""-logσ(x) written as softplus(-x), a dict of loss functions."""
import torch
import torch.nn.functional as F


def dpo_loss(policy_chosen_logps, policy_rejected_logps, ref_chosen_logps, ref_rejected_logps,
             beta=0.1, label_smoothing=0.0, loss_type="sigmoid"):
    eps = label_smoothing
    losses = {
        "sigmoid": lambda h: (1 - eps) * F.softplus(-beta * h) + eps * F.softplus(beta * h),
        "ipo": lambda h: (h - 0.5 / beta).pow(2),
        "hinge": lambda h: F.relu(1 - beta * h),
    }
    if loss_type not in losses:
        raise ValueError("loss_type must be sigmoid, ipo or hinge")
    c = policy_chosen_logps - ref_chosen_logps
    r = policy_rejected_logps - ref_rejected_logps
    return losses[loss_type](c - r).mean(), (beta * c).detach(), (beta * r).detach()
