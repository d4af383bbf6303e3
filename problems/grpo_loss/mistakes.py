"""Models of the known grpo-loss mistakes, for diagnosis in the grading process.

Models are numpy functions evaluated on the case's inputs in the case's own dtype,
with the call's positional arguments (beta defaults to 0.04, clip_eps to 0.2, agg to
"token-mean"). Each one is the reference with one mistake; an unknown agg still
raises ValueError, as it does in the learner's code. A list holds variants.
"""

from __future__ import annotations

import numpy as np

from sftkl.problems.grpo_loss.reference import aggregate, check_agg, k3, per_seq, policy_term, ratio

TM, STM = "token-mean", "seq-mean-token-mean"


def _model(adv_tokens=per_seq, policy=policy_term, kl=k3, kl_mask=True, swap=None):
    """The reference with one part replaced."""

    def model(log_probs, old_log_probs, ref_log_probs, advantages, mask, beta=0.04, clip_eps=0.2, agg="token-mean"):
        check_agg(agg)
        lp, old = np.asarray(log_probs), np.asarray(old_log_probs)
        a = adv_tokens(np.asarray(advantages), lp.shape)
        mode = (swap or {}).get(agg, agg)
        loss = aggregate(policy(lp, old, a, clip_eps), mask, mode)
        if beta != 0:
            loss = loss + beta * aggregate(kl(lp, np.asarray(ref_log_probs)), mask if kl_mask else None, mode)
        return loss

    return model


def _clip_max(log_probs, old_log_probs, adv_tokens, clip_eps):
    """-max(r·A, clip(r)·A): the pessimistic bound turned optimistic."""
    r = ratio(log_probs, old_log_probs)
    return -np.maximum(r * adv_tokens, np.clip(r, 1 - clip_eps, 1 + clip_eps) * adv_tokens)


def _k3_inverted(log_probs, ref_log_probs):
    """k3 with r = π_θ/π_ref: exp(logp - ref) - (logp - ref) - 1."""
    d = np.asarray(log_probs) - np.asarray(ref_log_probs)
    return np.expm1(d) - d


def _adv_along_tokens(advantages, shape):
    """advantages[None, :] (or `advantages * ratio`): token t gets A[t]. torch broadcasts
    [B] against [B, T] only when B == T (or B == 1), otherwise it raises."""
    b, t = shape
    a = np.asarray(advantages).reshape(-1)
    if a.shape[0] not in (t, 1):
        # torch: "The size of tensor a (T) must match the size of tensor b (B) ..." or, with
        # expand_as, "The expanded size of the tensor (T) must match the existing size (B) ..."
        raise RuntimeError("must match the")
    return np.broadcast_to(a[None, :], shape)


def _adv_repeated(advantages, shape):
    """advantages.repeat(T).view(B, T) where repeat_interleave was meant: token (b, t) gets A[(b·T + t) mod B]."""
    b, t = shape
    a = np.asarray(advantages).reshape(-1)
    return np.tile(a, t).reshape(b, t)


MODELS = {
    # token-mean where seq-mean-token-mean was asked for, the reverse, or both swapped
    "agg-mode-mixed-up": {"torch": {"grpo_loss": [
        _model(swap={STM: TM}),
        _model(swap={TM: STM}),
        _model(swap={STM: TM, TM: STM}),
    ]}},
    # the KL term aggregated the same way but over every token; the policy term is masked
    "kl-unmasked": {"torch": {"grpo_loss": _model(kl_mask=False)}},
    "k3-ratio-inverted": {"torch": {"grpo_loss": _model(kl=_k3_inverted)}},
    "clip-min-max-swapped": {"torch": {"grpo_loss": _model(policy=_clip_max)}},
    "advantage-not-broadcast": {"torch": {"grpo_loss": [
        _model(adv_tokens=_adv_along_tokens),
        _model(adv_tokens=_adv_repeated),
    ]}},
}
