# sftkl: problem=dpo-loss track=torch
"""Hand-written min(x, 0) - log1p(exp(-|x|)): right values, but the gradient at h == 0 is 1·β, not β/2 (the kinks of clamp and abs)."""
import torch


def _log_sigmoid(x):
    return torch.clamp(x, max=0) - torch.log1p(torch.exp(-x.abs()))


def dpo_loss(policy_chosen_logps, policy_rejected_logps, ref_chosen_logps, ref_rejected_logps,
             beta=0.1, label_smoothing=0.0, loss_type="sigmoid"):
    chosen_logratios = policy_chosen_logps - ref_chosen_logps
    rejected_logratios = policy_rejected_logps - ref_rejected_logps
    margin = chosen_logratios - rejected_logratios
    match loss_type:
        case "sigmoid":
            per = -(1 - label_smoothing) * _log_sigmoid(beta * margin) - label_smoothing * _log_sigmoid(-beta * margin)
        case "ipo":
            per = (margin - 1 / (2 * beta)) ** 2
        case "hinge":
            per = (1 - beta * margin).clamp(min=0)
        case _:
            raise ValueError(f"loss_type {loss_type!r} is not supported")
    return per.mean(), beta * chosen_logratios.detach(), beta * rejected_logratios.detach()
