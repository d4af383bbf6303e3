# sftkl: problem=dpo-loss track=torch
"""cDPO via the identity -(1-ε)logσ(x) - ε logσ(-x) = -logσ(x) + ε x; logaddexp for -logσ."""
import torch


def dpo_loss(policy_chosen_logps, policy_rejected_logps, ref_chosen_logps, ref_rejected_logps,
             beta=0.1, label_smoothing=0.0, loss_type="sigmoid"):
    h = (policy_chosen_logps - ref_chosen_logps) - (policy_rejected_logps - ref_rejected_logps)
    x = beta * h
    if loss_type == "sigmoid":
        losses = torch.logaddexp(torch.zeros_like(x), -x) + label_smoothing * x
    elif loss_type == "ipo":
        losses = (h - 1 / (2 * beta)) * (h - 1 / (2 * beta))
    elif loss_type == "hinge":
        losses = torch.maximum(1 - x, torch.zeros_like(x))
    else:
        raise ValueError("unknown loss_type")
    chosen_rewards = (beta * (policy_chosen_logps - ref_chosen_logps)).detach()
    rejected_rewards = (beta * (policy_rejected_logps - ref_rejected_logps)).detach()
    return losses.mean(), chosen_rewards, rejected_rewards
