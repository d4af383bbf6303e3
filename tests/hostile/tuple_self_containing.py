# sftkl: problem=dpo-loss track=torch
# expect: dtype
"""Returns a list whose second element is a list that contains itself."""
import torch
import torch.nn.functional as F


def dpo_loss(policy_chosen_logps, policy_rejected_logps, ref_chosen_logps, ref_rejected_logps,
             beta=0.1, label_smoothing=0.0, loss_type="sigmoid"):
    if loss_type not in ("sigmoid", "ipo", "hinge"):
        raise ValueError(loss_type)
    h = (policy_chosen_logps - ref_chosen_logps) - (policy_rejected_logps - ref_rejected_logps)
    if loss_type == "sigmoid":
        losses = -(1 - label_smoothing) * F.logsigmoid(beta * h) - label_smoothing * F.logsigmoid(-beta * h)
    elif loss_type == "ipo":
        losses = (h - 1 / (2 * beta)) ** 2
    else:
        losses = torch.relu(1 - beta * h)
    loop = []
    loop.append(loop)
    return [losses.mean(), loop, (beta * (policy_rejected_logps - ref_rejected_logps)).detach()]
