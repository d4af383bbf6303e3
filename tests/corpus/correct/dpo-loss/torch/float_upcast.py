# sftkl: problem=dpo-loss track=torch
"""Upcast every input with .float() first (float32 results for any input dtype)."""
import torch
import torch.nn.functional as F


def dpo_loss(policy_chosen_logps, policy_rejected_logps, ref_chosen_logps, ref_rejected_logps,
             beta=0.1, label_smoothing=0.0, loss_type="sigmoid"):
    pc, pr = policy_chosen_logps.float(), policy_rejected_logps.float()
    rc, rr = ref_chosen_logps.float(), ref_rejected_logps.float()
    chosen = pc - rc
    rejected = pr - rr
    x = beta * (chosen - rejected)
    if loss_type == "sigmoid":
        per_pair = -(1.0 - label_smoothing) * F.logsigmoid(x) - label_smoothing * F.logsigmoid(-x)
    elif loss_type == "ipo":
        per_pair = (chosen - rejected - 1.0 / (2.0 * beta)) ** 2
    elif loss_type == "hinge":
        per_pair = torch.clamp(1.0 - x, min=0.0)
    else:
        raise ValueError(f"unsupported loss_type={loss_type!r}")
    with torch.no_grad():
        chosen_rewards = beta * chosen
        rejected_rewards = beta * rejected
    return per_pair.mean(), chosen_rewards, rejected_rewards
