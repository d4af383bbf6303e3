# sftkl: problem=dpo-loss track=torch
"""Only the rejected rewards are detached; the chosen ones keep the graph."""
import torch
import torch.nn.functional as F


def dpo_loss(policy_chosen_logps, policy_rejected_logps, ref_chosen_logps, ref_rejected_logps,
             beta=0.1, label_smoothing=0.0, loss_type="sigmoid"):
    chosen_rewards = beta * (policy_chosen_logps - ref_chosen_logps)
    rejected_rewards = beta * (policy_rejected_logps - ref_rejected_logps).detach()
    h = (policy_chosen_logps - ref_chosen_logps) - (policy_rejected_logps - ref_rejected_logps)
    if loss_type == "sigmoid":
        losses = F.softplus(-beta * h) * (1 - label_smoothing) + F.softplus(beta * h) * label_smoothing
    elif loss_type == "ipo":
        losses = (h - 1 / (2 * beta)) ** 2
    elif loss_type == "hinge":
        losses = torch.clamp(1 - beta * h, min=0)
    else:
        raise ValueError(loss_type)
    return losses.mean(), chosen_rewards, rejected_rewards
