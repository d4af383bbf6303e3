"""Hidden float64 reference for dpo-loss (runs only in the grading process).

dpo_loss(policy_chosen_logps, policy_rejected_logps, ref_chosen_logps, ref_rejected_logps,
         beta=0.1, label_smoothing=0.0, loss_type="sigmoid") -> (loss, chosen_rewards, rejected_rewards)
"""

from __future__ import annotations

import numpy as np

LOSS_TYPES = ("sigmoid", "ipo", "hinge")


def check_loss_type(loss_type):
    if loss_type not in LOSS_TYPES:
        raise ValueError(f"unknown loss_type {loss_type!r}; expected one of {LOSS_TYPES}")


def log_sigmoid(x):
    """log σ(x) = -log(1 + e^-x), finite for every finite x."""
    return -np.logaddexp(0.0, -x)


def sigmoid(x):
    return np.exp(log_sigmoid(x))


def per_pair(h, beta, label_smoothing, loss_type, logsig=log_sigmoid):
    """The loss of each pair from the margin h = (π_c - ref_c) - (π_r - ref_r)."""
    check_loss_type(loss_type)
    if loss_type == "sigmoid":
        return -(1 - label_smoothing) * logsig(beta * h) - label_smoothing * logsig(-beta * h)
    if loss_type == "ipo":
        return (h - 1 / (2 * beta)) ** 2
    return np.maximum(0.0, 1 - beta * h)


def dpo_loss(policy_chosen_logps, policy_rejected_logps, ref_chosen_logps, ref_rejected_logps,
             beta=0.1, label_smoothing=0.0, loss_type="sigmoid"):
    pc, pr, rc, rr = (np.asarray(a, dtype=np.float64) for a in
                      (policy_chosen_logps, policy_rejected_logps, ref_chosen_logps, ref_rejected_logps))
    h = (pc - rc) - (pr - rr)
    loss = np.mean(per_pair(h, beta, label_smoothing, loss_type))
    return loss, beta * (pc - rc), beta * (pr - rr)


def dpo_loss_grad(policy_chosen_logps, policy_rejected_logps, ref_chosen_logps, ref_rejected_logps,
                  beta=0.1, label_smoothing=0.0, loss_type="sigmoid", cotangent=None):
    """d loss / d policy_chosen_logps = dℓ/dh / B, d loss / d policy_rejected_logps = -dℓ/dh / B."""
    check_loss_type(loss_type)
    pc, pr, rc, rr = (np.asarray(a, dtype=np.float64) for a in
                      (policy_chosen_logps, policy_rejected_logps, ref_chosen_logps, ref_rejected_logps))
    h = (pc - rc) - (pr - rr)
    if loss_type == "sigmoid":
        dh = -(1 - label_smoothing) * beta * sigmoid(-beta * h) + label_smoothing * beta * sigmoid(beta * h)
    elif loss_type == "ipo":
        dh = 2 * (h - 1 / (2 * beta))
    else:
        dh = np.where(1 - beta * h > 0, -beta, 0.0)
    dh = dh / h.size * (1.0 if cotangent is None else float(cotangent))
    return {0: dh, 1: -dh}


REFERENCE = {"torch": {"dpo_loss": dpo_loss}}
GRADIENT = {"torch": {"dpo_loss": dpo_loss_grad}}
