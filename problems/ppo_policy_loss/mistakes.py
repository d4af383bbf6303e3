"""Models of the known ppo-policy-loss mistakes, for diagnosis in the grading process.

Models are numpy functions evaluated on the case's inputs in the case's own dtype,
with the call's positional arguments. Each one is the reference with one mistake:
everything else (the mask, the dual clip on A < 0 only, the ValueError for
dual_clip <= 1, 0 when nothing is kept) is computed correctly.
"""

from __future__ import annotations

import numpy as np

from sftkl.problems.ppo_policy_loss.reference import check_dual_clip, kept, per_token, ratio, token_mean


def _model(tokens, aggregate=token_mean):
    """A model from a per-token function (lp, old, A, clip_low, clip_high, dual_clip) -> losses."""

    def model(log_probs, old_log_probs, advantages, mask, clip_low=0.2, clip_high=0.2, dual_clip=None):
        check_dual_clip(dual_clip)
        return aggregate(tokens(log_probs, old_log_probs, advantages, clip_low, clip_high, dual_clip), mask)

    return model


def _right(lp, old, a, lo, hi, c):
    return per_token(ratio(lp, old), a, lo, hi, c)


def _min_max_swapped(lp, old, a, lo, hi, c):
    """min(-A·r, -A·clip(r)): the optimistic bound (the objective's max instead of its min)."""
    a = np.asarray(a)
    r = ratio(lp, old)
    loss = np.minimum(-a * r, -a * np.clip(r, 1.0 - lo, 1.0 + hi))
    if c is not None:
        loss = np.where(a < 0, np.minimum(loss, -a * c), loss)
    return loss


def _clip_advantage(lp, old, a, lo, hi, c):
    """max(-A·r, -clip(A, 1 - clip_low, 1 + clip_high)·r): the advantage clipped, the ratio not."""
    a = np.asarray(a)
    r = ratio(lp, old)
    loss = np.maximum(-a * r, -np.clip(a, 1.0 - lo, 1.0 + hi) * r)
    if c is not None:
        loss = np.where(a < 0, np.minimum(loss, -a * c), loss)
    return loss


def _ratio_inverted(lp, old, a, lo, hi, c):
    """r = exp(old_log_probs - log_probs) = π_old/π_θ."""
    return per_token(ratio(old, lp), a, lo, hi, c)


def _dual_everywhere(lp, old, a, lo, hi, c):
    """The dual clip min(loss, -A·c) on every token, A > 0 too (a constant -A·c there)."""
    a = np.asarray(a)
    loss = per_token(ratio(lp, old), a, lo, hi, None)
    return loss if c is None else np.minimum(loss, -a * c)


def _dual_on_positive(lp, old, a, lo, hi, c):
    """The dual clip on A > 0 instead of A < 0 (the condition's sign flipped)."""
    a = np.asarray(a)
    loss = per_token(ratio(lp, old), a, lo, hi, None)
    return loss if c is None else np.where(a > 0, np.minimum(loss, -a * c), loss)


def _mean_all(x, mask):
    """The plain mean over all B·T entries: the mask is not used at all."""
    return float(np.mean(x))


def _masked_sum_mean_all(x, mask):
    """(loss · mask).mean(): the masked tokens add 0 but still count in the B·T denominator."""
    return float(np.mean(np.where(kept(mask) != 0, x, 0.0)))


def _sign_flipped(log_probs, old_log_probs, advantages, mask, clip_low=0.2, clip_high=0.2, dual_clip=None):
    """The clipped objective (to maximise) returned instead of the loss: the negative."""
    check_dual_clip(dual_clip)
    return -token_mean(_right(log_probs, old_log_probs, advantages, clip_low, clip_high, dual_clip), mask)


CALL = "ppo_policy_loss"

MODELS = {
    "clip-min-max-swapped": {"torch": {CALL: _model(_min_max_swapped)}},
    "clip-advantage": {"torch": {CALL: _model(_clip_advantage)}},
    "ratio-inverted": {"torch": {CALL: _model(_ratio_inverted)}},
    "dual-clip-positive": {"torch": {CALL: [_model(_dual_everywhere), _model(_dual_on_positive)]}},
    "mask-ignored": {"torch": {CALL: [_model(_right, _mean_all), _model(_right, _masked_sum_mean_all)]}},
    "sign-flipped": {"torch": {CALL: _sign_flipped}},
}
