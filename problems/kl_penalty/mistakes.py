"""Models of the known kl-penalty mistakes, for diagnosis in the grading process.

Models are numpy functions evaluated on the case's inputs in the case's own
dtype, with the call's positional arguments (mode defaults to "k3", mask to
None, agg to "token-mean"). Each one is the reference with one mistake: every
other mode and aggregation is computed correctly, and unknown modes and aggs
still raise ValueError, as they do in the learner's code.
"""

from __future__ import annotations

import numpy as np

from sftkl.problems.kl_penalty.reference import MODES, aggregate, check_agg, per_token


def _with_tokens(tokens):
    """A model from a per-token function (lp, ref, mode) -> values; aggregation stays right."""

    def model(log_probs, ref_log_probs, mode="k3", mask=None, agg="token-mean"):
        x = tokens(log_probs, ref_log_probs, mode)  # raises ValueError for an unknown mode
        check_agg(agg)
        return aggregate(x, mask, agg)

    return model


def _sign_flipped(lp, ref, mode):
    """k1 (and its alias "biased") as ref_log_probs - log_probs = log r: -KL."""
    out = per_token(lp, ref, mode)
    return -out if MODES[mode] == "k1" else out


def _ratio_inverted(lp, ref, mode):
    """k3 (and "unbiased") with r = π_θ/π_ref: exp(lp - ref) - 1 - (lp - ref), the course page's formula."""
    out = per_token(lp, ref, mode)
    if MODES[mode] == "k3":
        d = np.asarray(lp) - np.asarray(ref)
        return np.exp(d) - 1 - d
    return out


def _k2_missing_half(lp, ref, mode):
    """k2 as (log r)², without the ½."""
    out = per_token(lp, ref, mode)
    return 2 * out if MODES[mode] == "k2" else out


def unmasked(log_probs, ref_log_probs, mode="k3", mask=None, agg="token-mean"):
    """The mask is ignored: every token counts, the aggregation is otherwise right."""
    x = per_token(log_probs, ref_log_probs, mode)
    check_agg(agg)
    return aggregate(x, None, agg)


def _agg_swapped(swap):
    def model(log_probs, ref_log_probs, mode="k3", mask=None, agg="token-mean"):
        x = per_token(log_probs, ref_log_probs, mode)
        check_agg(agg)
        return aggregate(x, mask, swap.get(agg, agg))

    return model


TM, STM = "token-mean", "seq-mean-token-mean"

MODELS = {
    "kl-sign-flipped": {"torch": {"kl_penalty": _with_tokens(_sign_flipped)}},
    "k3-ratio-inverted": {"torch": {"kl_penalty": _with_tokens(_ratio_inverted)}},
    "k2-missing-half": {"torch": {"kl_penalty": _with_tokens(_k2_missing_half)}},
    "kl-unmasked": {"torch": {"kl_penalty": unmasked}},
    # token-mean where seq-mean-token-mean was asked for, the reverse, or both swapped
    "agg-mode-mixed-up": {"torch": {"kl_penalty": [
        _agg_swapped({STM: TM}),
        _agg_swapped({TM: STM}),
        _agg_swapped({STM: TM, TM: STM}),
    ]}},
}
