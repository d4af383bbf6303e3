# sftkl: problem=dpo-loss track=torch
"""A typo: the parentheses around the rejected log-ratio dropped (pc - rc - pr - rr)."""
import torch
import torch.nn.functional as F


def dpo_loss(policy_chosen_logps, policy_rejected_logps, ref_chosen_logps, ref_rejected_logps,
             beta=0.1, label_smoothing=0.0, loss_type="sigmoid"):
    h = policy_chosen_logps - ref_chosen_logps - policy_rejected_logps - ref_rejected_logps
    if loss_type not in ('sigmoid', 'ipo', 'hinge'):
        raise ValueError(loss_type)
    losses = {'sigmoid': lambda: -(1 - label_smoothing) * F.logsigmoid(beta * h) - label_smoothing * F.logsigmoid(-beta * h), 'ipo': lambda: (h - 1 / (2 * beta)) ** 2, 'hinge': lambda: torch.relu(1 - beta * h)}[loss_type]()
    chosen_rewards = beta * (policy_chosen_logps - ref_chosen_logps).detach()
    rejected_rewards = beta * (policy_rejected_logps - ref_rejected_logps).detach()
    return losses.mean(), chosen_rewards, rejected_rewards
