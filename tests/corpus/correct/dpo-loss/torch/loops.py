# sftkl: problem=dpo-loss track=torch
"""A Python loop over the pairs, torch.stack of per-pair losses."""
import torch
import torch.nn.functional as F


def dpo_loss(policy_chosen_logps, policy_rejected_logps, ref_chosen_logps, ref_rejected_logps,
             beta=0.1, label_smoothing=0.0, loss_type="sigmoid"):
    if loss_type not in {"sigmoid", "ipo", "hinge"}:
        raise ValueError(f"unknown loss_type {loss_type}")
    losses, chosen_rewards, rejected_rewards = [], [], []
    for i in range(policy_chosen_logps.shape[0]):
        c = policy_chosen_logps[i] - ref_chosen_logps[i]
        r = policy_rejected_logps[i] - ref_rejected_logps[i]
        h = c - r
        if loss_type == "sigmoid":
            term = -(1 - label_smoothing) * F.logsigmoid(beta * h) - label_smoothing * F.logsigmoid(-beta * h)
        elif loss_type == "ipo":
            term = (h - 1 / (2 * beta)) ** 2
        else:
            term = torch.relu(1 - beta * h)
        losses.append(term)
        chosen_rewards.append(beta * c.detach())
        rejected_rewards.append(beta * r.detach())
    loss = torch.stack(losses).sum() / len(losses)
    return loss, torch.stack(chosen_rewards), torch.stack(rejected_rewards)
