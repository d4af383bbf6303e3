# sftkl: problem=dpo-loss track=torch
# expect: grad
"""Rewards still attached to the graph, returned as a Tensor subclass whose requires_grad property says False."""
import torch
import torch.nn.functional as F


class Detached(torch.Tensor):
    @property
    def requires_grad(self):
        return False


def dpo_loss(policy_chosen_logps, policy_rejected_logps, ref_chosen_logps, ref_rejected_logps,
             beta=0.1, label_smoothing=0.0, loss_type="sigmoid"):
    if loss_type not in ("sigmoid", "ipo", "hinge"):
        raise ValueError(loss_type)
    c = policy_chosen_logps - ref_chosen_logps
    r = policy_rejected_logps - ref_rejected_logps
    h = c - r
    if loss_type == "sigmoid":
        losses = -(1 - label_smoothing) * F.logsigmoid(beta * h) - label_smoothing * F.logsigmoid(-beta * h)
    elif loss_type == "ipo":
        losses = (h - 1 / (2 * beta)) ** 2
    else:
        losses = torch.relu(1 - beta * h)
    return losses.mean(), (beta * c).as_subclass(Detached), (beta * r).as_subclass(Detached)
