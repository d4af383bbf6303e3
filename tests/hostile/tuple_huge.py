# sftkl: problem=dpo-loss track=torch
# expect: shape
"""Returns a tuple of a million tensors."""
import torch


def dpo_loss(policy_chosen_logps, policy_rejected_logps, ref_chosen_logps, ref_rejected_logps,
             beta=0.1, label_smoothing=0.0, loss_type="sigmoid"):
    if loss_type not in ("sigmoid", "ipo", "hinge"):
        raise ValueError(loss_type)
    one = policy_chosen_logps.sum()
    return (one,) * 1_000_000
