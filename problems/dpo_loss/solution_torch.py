# sftkl: problem=dpo-loss track=torch
import torch
import torch.nn.functional as F


def dpo_loss(policy_chosen_logps, policy_rejected_logps, ref_chosen_logps, ref_rejected_logps,
             beta=0.1, label_smoothing=0.0, loss_type="sigmoid"):
    # The implicit reward of an answer is β·log(π_θ/π_ref): one log-ratio per answer.
    chosen_logratios = policy_chosen_logps - ref_chosen_logps
    rejected_logratios = policy_rejected_logps - ref_rejected_logps
    h = chosen_logratios - rejected_logratios          # the margin; DPO wants it large
    if loss_type == "sigmoid":
        # cDPO (label_smoothing = ε): the label is flipped with probability ε.
        # F.logsigmoid stays finite where log(sigmoid(x)) is -inf (x = -1000).
        losses = (-F.logsigmoid(beta * h) * (1 - label_smoothing)
                  - F.logsigmoid(-beta * h) * label_smoothing)
    elif loss_type == "ipo":
        losses = (h - 1 / (2 * beta)) ** 2              # IPO: regress the margin onto 1/(2β)
    elif loss_type == "hinge":
        losses = torch.relu(1 - beta * h)               # hinge on the scaled margin
    else:
        raise ValueError(f"unknown loss_type {loss_type!r}; expected 'sigmoid', 'ipo' or 'hinge'")
    chosen_rewards = beta * chosen_logratios.detach()   # logged, not trained on
    rejected_rewards = beta * rejected_logratios.detach()
    return losses.mean(), chosen_rewards, rejected_rewards
