"""Models of the known kl-penalty mistakes, for diagnosis in the grading process.

Models are numpy functions evaluated on the case's inputs in the case's own
dtype, with the call's positional arguments (mode defaults to "k3"). Each one
is the reference with one mistake: every other mode is computed correctly and
unknown modes still raise ValueError, as they do in the learner's code.
"""

from __future__ import annotations

import numpy as np

from sftkl.problems.kl_penalty.reference import MODES, per_token


def sign_flipped(log_probs, ref_log_probs, mode="k3"):
    """k1 (and its alias "biased") as mean(ref_log_probs - log_probs): -KL."""
    out = per_token(log_probs, ref_log_probs, mode)
    return np.mean(-out if MODES[mode] == "k1" else out)


def ratio_inverted(log_probs, ref_log_probs, mode="k3"):
    """k3 (and "unbiased") with r = π_θ/π_ref: exp(lp - ref) - 1 - (lp - ref), the course page's formula."""
    if MODES.get(mode) == "k3":
        d = np.asarray(log_probs) - np.asarray(ref_log_probs)
        return np.mean(np.exp(d) - 1 - d)
    return np.mean(per_token(log_probs, ref_log_probs, mode))


MODELS = {
    "kl-sign-flipped": {"torch": {"kl_penalty": sign_flipped}},
    "k3-ratio-inverted": {"torch": {"kl_penalty": ratio_inverted}},
}
