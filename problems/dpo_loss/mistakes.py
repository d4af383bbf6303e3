"""Models of the known dpo-loss mistakes, for diagnosis in the grading process.

Each model is the reference with one mistake, evaluated in numpy on the case's
inputs in the case's dtype, and returns the tuple (loss, chosen_rewards,
rejected_rewards); unknown loss types still raise ValueError, as they do in the
learner's code. A list holds variants of one mistake. `fn.attached` names the
rewards a model leaves requiring grad (rewards-not-detached).
"""

from __future__ import annotations

import numpy as np

from sftkl.problems.dpo_loss.reference import check_loss_type, log_sigmoid, per_pair


def _parts(pc, pr, rc, rr):
    pc, pr, rc, rr = (np.asarray(a) for a in (pc, pr, rc, rr))
    return pc, pr, rc, rr, (pc - rc) - (pr - rr)


def _naive_log_sigmoid(x):
    """log(sigmoid(x)) as written: sigmoid(-1000) is 0 and its log -inf."""
    return np.log(1 / (1 + np.exp(-x)))


def _underflow(smoothing_always: bool):
    def model(pc, pr, rc, rr, beta=0.1, label_smoothing=0.0, loss_type="sigmoid"):
        pc, pr, rc, rr, h = _parts(pc, pr, rc, rr)
        if loss_type == "sigmoid" and (smoothing_always or label_smoothing != 0):
            losses = per_pair(h, beta, label_smoothing, loss_type, logsig=_naive_log_sigmoid)
        elif loss_type == "sigmoid":  # the ε term left out when ε == 0
            losses = -_naive_log_sigmoid(beta * h)
        else:
            losses = per_pair(h, beta, label_smoothing, loss_type)
        return np.mean(losses), beta * (pc - rc), beta * (pr - rr)

    model.__doc__ = "log(sigmoid(β·h)): -inf where sigmoid underflows, so the loss is inf (or NaN as 0·-inf)."
    return model


def beta_outside(pc, pr, rc, rr, beta=0.1, label_smoothing=0.0, loss_type="sigmoid"):
    """-β·logσ(h) (and -β·logσ(-h) for the smoothing term) instead of -logσ(β·h)."""
    pc, pr, rc, rr, h = _parts(pc, pr, rc, rr)
    if loss_type == "sigmoid":
        losses = -beta * ((1 - label_smoothing) * log_sigmoid(h) + label_smoothing * log_sigmoid(-h))
    else:
        losses = per_pair(h, beta, label_smoothing, loss_type)
    return np.mean(losses), beta * (pc - rc), beta * (pr - rr)


def _swapped(rewards_too: bool):
    def model(pc, pr, rc, rr, beta=0.1, label_smoothing=0.0, loss_type="sigmoid"):
        pc, pr, rc, rr, h = _parts(pc, pr, rc, rr)
        loss = np.mean(per_pair(-h, beta, label_smoothing, loss_type))
        if rewards_too:
            return loss, beta * (pr - rr), beta * (pc - rc)
        return loss, beta * (pc - rc), beta * (pr - rr)

    model.__doc__ = "The margin is rejected minus chosen: the loss of -h" + (" (and the rewards swapped)." if rewards_too else ".")
    return model


def _not_detached(*names):
    def model(pc, pr, rc, rr, beta=0.1, label_smoothing=0.0, loss_type="sigmoid"):
        pc, pr, rc, rr, h = _parts(pc, pr, rc, rr)
        return np.mean(per_pair(h, beta, label_smoothing, loss_type)), beta * (pc - rc), beta * (pr - rr)

    model.attached = names
    model.__doc__ = f"The right values, but {' and '.join(names)} still require grad."
    return model


def _reference_ignored(rewards_too: bool):
    def model(pc, pr, rc, rr, beta=0.1, label_smoothing=0.0, loss_type="sigmoid"):
        pc, pr, rc, rr, _ = _parts(pc, pr, rc, rr)
        check_loss_type(loss_type)
        loss = np.mean(per_pair(pc - pr, beta, label_smoothing, loss_type))
        if rewards_too:
            return loss, beta * pc, beta * pr
        return loss, beta * (pc - rc), beta * (pr - rr)

    model.__doc__ = "h = π_c - π_r, without the reference log-ratio" + (" (and rewards β·π)." if rewards_too else ".")
    return model


MODELS = {
    "log-sigmoid-underflow": {"torch": {"dpo_loss": [_underflow(True), _underflow(False)]}},
    "beta-outside": {"torch": {"dpo_loss": beta_outside}},
    "chosen-rejected-swapped": {"torch": {"dpo_loss": [_swapped(False), _swapped(True)]}},
    "rewards-not-detached": {"torch": {"dpo_loss": [
        _not_detached("chosen_rewards", "rejected_rewards"), _not_detached("chosen_rewards"),
        _not_detached("rejected_rewards")]}},
    "reference-ignored": {"torch": {"dpo_loss": [_reference_ignored(False), _reference_ignored(True)]}},
}
